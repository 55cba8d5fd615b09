// One jest run for every workspace. ts-jest in ESM mode, transpile-only (isolatedModules):
// `tsc -b` in `npm test` is the type check, because ts-jest's ESM mode never reports type errors.
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: [
    '<rootDir>/shared',
    '<rootDir>/eid',
    '<rootDir>/issuer',
    '<rootDir>/wallet',
    '<rootDir>/verifier',
    '<rootDir>/test',
  ],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/dist-test/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@min-profil/(shared|eid|issuer|wallet|verifier)/(.*)$': '<rootDir>/$1/src/$2',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.tsx?$': ['ts-jest', { useESM: true }] },
  // Generous: the suites must pass on a loaded machine; every wait inside polls for its outcome.
  testTimeout: 120000,
  // On two cores jest runs every file in its own main process (one worker means in band), which keeps every module and
  // transform it ever loaded and ran out of heap once the suite passed 190 files. With a limit,
  // the files run in a worker that is replaced between files once it holds more than this.
  workerIdleMemoryLimit: '1GB',
  // PostgreSQL and Chromium: the machine's when present, otherwise ones shipped as npm packages.
  globalSetup: '<rootDir>/test/system/global-setup.js',
  globalTeardown: '<rootDir>/test/system/global-teardown.js',
  reporters: [
    'default',
    '<rootDir>/scripts/interop-table-reporter.js',
    '<rootDir>/scripts/jest-summary-reporter.js',
  ],
};
