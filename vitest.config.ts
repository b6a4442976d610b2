import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

// Tests run against the TypeScript sources of every package, so no build is needed first.
export default defineConfig({
  resolve: {
    alias: {
      '@tally/domain': source('domain'),
      '@tally/ledger': source('ledger'),
      '@tally/eventstoredb': source('eventstoredb'),
      '@tally/postgres': source('postgres'),
      '@tally/proofs': source('proofs'),
      '@tally/testing': source('testing'),
      '@tally/cli': source('cli'),
    },
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
