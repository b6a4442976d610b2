import { defineConfig } from 'vitest/config';
const src = (p: string) => `/work/main/packages/${p}`;
export default defineConfig({
  root: '/work/main',
  resolve: { alias: {
    '@tally/domain': src('domain/src/index.ts'),
    '@tally/ledger': src('ledger/src/port.ts'),
    '@tally/testing': src('testing/src/index.ts'),
  } },
  test: { include: ['packages/eventstoredb/src/**/*.spec.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
