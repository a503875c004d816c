// Lint, and the dependency rule between layers (conventions.md §1): deployed code never reaches into
// the local cloud or tests; the local cloud knows the functions only through their collection list.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        exports: 'writable',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs', 'test/fixtures/**/*.js', '*.config.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['cloudfunctions/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/local-cloud/**', '**/test/**', '**/bench/**'],
              message:
                'Cloud functions deploy alone: they must not import the local cloud, tests or benchmarks.',
            },
            {
              regex: '(^|/)src/(?!core/)',
              message: 'Of the app, cloud functions share only the pure core (src/core).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['local-cloud/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cloudfunctions/*/**', '**/test/**', '**/bench/**'],
              message: 'The local cloud serves any functions: it knows only cloudfunctions/collections.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tarojs/*', 'react', 'react-dom', 'wx-server-sdk', '@nutui/*'],
              message: 'The domain core is pure: no Taro, React or SDK.',
            },
            { group: ['../*', '!../core'], message: 'The domain core imports only itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
)
