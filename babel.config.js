// babel-preset-taro builds the app; Jest uses it too (test/app) with the React preset.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
}
