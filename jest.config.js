/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The failover suites need a Redis Cluster or Sentinel group (npm run test:cluster / test:sentinel),
  // the studio suite a browser (npm run test:browser).
  testPathIgnorePatterns: ['/node_modules/', '/test/topology/', '/test/browser/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  testTimeout: 30000,
  // Never write snapshots (new ones fail instead), with or without --ci on the command line:
  // a snapshot changes only by `npx jest -u`, on purpose.
  ci: true,
  // Two cores: two workers keep the suite fast without starving Redis-backed tests.
  maxWorkers: 2,
};
