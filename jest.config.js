/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/provider", "<rootDir>/emulator", "<rootDir>/scripts", "<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] },
  globalSetup: "<rootDir>/tests/global-setup.ts",
  // End-to-end tests drive the real Pulumi CLI and take seconds each.
  testTimeout: 120000,
};
