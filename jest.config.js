/** Shared by both projects. */
const base = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
    // ESM-only dependencies (Node >= 20.19 loads them with require(esm); jest's own loader cannot).
    '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(openid-client|oauth4webapi|jose|connect-redis|oidc-provider)/)',
  ],
};

/**
 * The suites whose code must work on a Redis Cluster (sessions, per-user locks and dedupe, the
 * durable inbox) run twice: on a single redis-server, and on a local 3-master Cluster.
 */
const CLUSTER_SUITES = [
  '<rootDir>/test/session/storage-contract.test.ts',
  '<rootDir>/test/engine/lock-dedupe.test.ts',
  '<rootDir>/test/channels/messenger/redis-inbox.test.ts',
  '<rootDir>/test/scale/inbox-order.test.ts',
  '<rootDir>/test/redis/cluster-project.cluster-test.ts',
  '<rootDir>/test/redis/bot-on-cluster.cluster-test.ts',
];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...base,
      displayName: 'redis',
      roots: ['<rootDir>/test', '<rootDir>/src'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...base,
      displayName: 'cluster',
      testMatch: CLUSTER_SUITES,
      globals: { TELLER_TEST_REDIS_MODE: 'cluster' },
      globalSetup: '<rootDir>/test/support/cluster-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/cluster-global-teardown.ts',
    },
  ],
};
