/** Two levels, one command each: `npm run test:unit`, `npm run test:integration` (see README). */
// .tsx too: component tests render pages (tsconfig's react-jsx); a page's stylesheet is nothing to a test.
const transform = { '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }] }
const moduleNameMapper = { '\\.css$': '<rootDir>/test/support/style-stub.js' }
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      // Local clouds' data directories hold copies of the built functions: not modules of the tests.
      modulePathIgnorePatterns: ['<rootDir>/.data/'],
      testMatch: ['<rootDir>/test/**/*.unit.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      // Local clouds' data directories hold copies of the built functions: not modules of the tests.
      modulePathIgnorePatterns: ['<rootDir>/.data/'],
      testMatch: ['<rootDir>/test/**/*.int.test.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      // Local clouds' data directories hold copies of the built functions: not modules of the tests.
      modulePathIgnorePatterns: ['<rootDir>/.data/'],
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
    },
  ],
}
