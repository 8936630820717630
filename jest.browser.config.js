/**
 * The studio in a real browser (Debian's chromium driven by playwright-core): `npm run test:browser`,
 * also run by .ci/run, which installs chromium when it is missing.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
  maxWorkers: 1,
};
