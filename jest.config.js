/** Two levels, one command each: `npm run test:unit`, `npm run test:integration` (see README). */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] }
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
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
