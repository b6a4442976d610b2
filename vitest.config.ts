import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const sourceFile = (name: string, file: string) =>
  fileURLToPath(new URL(`./packages/${name}/src/${file}`, import.meta.url));
const source = (name: string) => sourceFile(name, 'index.ts');

// Tests run against the TypeScript sources of every package, so no build is needed first.
export default defineConfig({
  resolve: {
    // Exact matches: a package's subpath export (`@tally/eventstoredb/test-server`) is its own file.
    alias: [
      { find: /^@tally\/domain\/wire-text$/, replacement: sourceFile('domain', 'wire-text.ts') },
      { find: /^@tally\/domain\/worker-start$/, replacement: sourceFile('domain', 'worker-start.ts') },
      { find: /^@tally\/ledger\/store-kit$/, replacement: sourceFile('ledger', 'store-kit.ts') },
      { find: /^@tally\/ledger\/log-files$/, replacement: sourceFile('ledger', 'log-files.ts') },
      {
        find: /^@tally\/eventstoredb\/test-server$/,
        replacement: sourceFile('eventstoredb', 'test-server/index.ts'),
      },
      { find: /^@tally\/domain$/, replacement: source('domain') },
      { find: /^@tally\/ledger$/, replacement: source('ledger') },
      { find: /^@tally\/eventstoredb$/, replacement: source('eventstoredb') },
      { find: /^@tally\/postgres$/, replacement: source('postgres') },
      { find: /^@tally\/proofs$/, replacement: source('proofs') },
      { find: /^@tally\/report$/, replacement: source('report') },
      { find: /^@tally\/dashboard$/, replacement: source('dashboard') },
      { find: /^@tally\/testing$/, replacement: source('testing') },
      { find: /^@tally\/cli$/, replacement: source('cli') },
    ],
  },
  test: {
    include: [
      'packages/*/src/**/*.spec.ts',
      'test/**/*.spec.ts',
      'examples/**/*.spec.ts',
      'bench/**/*.spec.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
