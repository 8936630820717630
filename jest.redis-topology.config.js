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
  testPathIgnorePatterns: [
    '/node_modules/',
    // A closed port is the point of this one: it has nothing to say about a cluster.
    '/test/jobs/without-redis.test.ts',
    // Bound to timing, not to the topology: the dial limiter's windows (worker-lifecycle,
    // retry-policy), a 1,000-contact throughput run and a pause landing within a second
    // (campaign-outcomes, campaign-controls), child processes killed at a chosen moment
    // (worker-crash, at-most-once). They run against one server in `npm test`; what a topology
    // changes (failover, replication, slots) is held by test/topology/failover.test.ts.
    '/test/jobs/worker-lifecycle.test.ts',
    '/test/jobs/retry-policy.test.ts',
    '/test/jobs/at-most-once.test.ts',
    '/test/campaigns/campaign-outcomes.test.ts',
    '/test/campaigns/campaign-controls.test.ts',
    '/test/campaigns/worker-crash.test.ts',
  ],
  globalSetup: '<rootDir>/test/topology/global-setup.ts',
  globalTeardown: '<rootDir>/test/topology/global-teardown.ts',
};
