/** Unit tests run on every invocation; e2e tests need an engine, found or built by test/global-setup.ts. */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": "ts-jest", "^.+\\.mjs$": "<rootDir>/scripts/jest-esm-transform.cjs" },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  globalSetup: "<rootDir>/test/global-setup.ts",
  testTimeout: 30000,
  maxWorkers: 2,
};
