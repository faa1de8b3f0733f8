// Shared jest settings for every project. swc strips types (type-checking is `npm run typecheck`),
// and also transforms the ESM-only packages jest cannot `require` on Node 20.
const path = require('node:path');

const ESM_ONLY = ['jose', 'cookie', 'typebox', 'content-disposition'];

/** @param {string} projectDir */
module.exports = function preset(projectDir) {
  return {
    displayName: path.basename(projectDir),
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.(t|j|mj)s$': [
        require.resolve('@swc/jest'),
        { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
      ],
    },
    moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
    transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
    testEnvironmentOptions: { customExportConditions: ['@parley/source', 'node', 'require', 'default'] },
    globalSetup: path.join(__dirname, 'libs/testing/src/global-setup.ts'),
    testTimeout: 30000,
  };
};
