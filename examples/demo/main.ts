// `pnpm demo`: the demo on the embedded in-memory store.
import { getInMemoryEventStore } from '@tally/ledger';
import { runDemo } from './run-demo.js';

const store = getInMemoryEventStore();
try {
  await runDemo(store);
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await store.close();
}
