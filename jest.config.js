// Jest runs in ESM mode (NODE_OPTIONS=--experimental-vm-modules, set by `npm run jest`):
// geotiff's CommonJS build requires an ESM-only package and h5wasm is ESM-only, so CJS mode cannot load them.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "<rootDir>/scripts/jestFastEnvironment.js",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json", diagnostics: false }],
  },
  testTimeout: 60000,
  // one worker per core: jest's default (cores − 1) runs the suites one at a time on a 2-core machine, doubling the
  // wall time of `npm test` while the main thread idles
  maxWorkers: "100%",
  // default output, then the list of skipped tests and why (scripts/jestSkipReporter.js)
  reporters: ["default", "<rootDir>/scripts/jestSkipReporter.js"],
};
