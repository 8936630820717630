/**
 * The Redis-backed suites (jobs, events, campaigns, the end-to-end voicemail) again, on a local
 * Redis Cluster or Sentinel group: `npm run test:cluster` / `npm run test:sentinel`.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/test/jobs/**/*.test.ts',
    '<rootDir>/test/events/**/*.test.ts',
    '<rootDir>/test/campaigns/**/*.test.ts',
    '<rootDir>/test/integration/**/*.test.ts',
    '<rootDir>/test/topology/**/*.test.ts',
  ],
  // A closed port is the point of this one: it has nothing to say about a cluster.
  testPathIgnorePatterns: ['/node_modules/', '/test/jobs/without-redis.test.ts'],
  globalSetup: '<rootDir>/test/topology/global-setup.ts',
  globalTeardown: '<rootDir>/test/topology/global-teardown.ts',
};
