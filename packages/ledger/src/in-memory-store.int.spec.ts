// The store contract suite, run against the in-memory store (a small page size, so every read of
// more than a few events crosses page boundaries).
import { describeEventStoreContract } from '@tally/testing';
import { getInMemoryEventStore } from './in-memory-store.js';

describeEventStoreContract('in-memory (page size 64)', () => getInMemoryEventStore({ pageSize: 64 }));
describeEventStoreContract('in-memory (default page size)', () => getInMemoryEventStore(), {
  pagingEventCount: 2_000,
});
