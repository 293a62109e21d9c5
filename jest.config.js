/** @type {import('jest').Config} */
const swc = ['@swc/jest', { jsc: { target: 'es2022' } }];
const transform = {
  '^.+\\.(t|j)sx?$': swc,
  // PGlite's CommonJS build loads Node built-ins with import(), which jest's module sandbox refuses;
  // compiled to require() it runs unchanged.
  '[/\\\\]@electric-sql[/\\\\]pglite[/\\\\]dist[/\\\\].+\\.cjs$': swc,
};
const common = {
  transform,
  // jose, openid-client and oauth4webapi ship ES modules only, which jest on Node 20 cannot require untransformed.
  transformIgnorePatterns: ['/node_modules/(?!(@electric-sql/pglite|jose|openid-client|oauth4webapi)/)'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'cjs', 'json'],
};

module.exports = {
  // Two test files at a time: most of their time is spent waiting on Temporal servers and child processes.
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'db', testMatch: ['<rootDir>/test/db/**/*.test.ts'] },
    { ...common, displayName: 'workflows', testMatch: ['<rootDir>/test/workflows/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
