// A stream read a page at a time with pages asked for ahead of the reader (read.ts): whatever
// the start, count and direction, the read is the stream's slice, in order, each page at most
// the page size, and a read past the end or of nothing stops without an error.
import { randomBytes } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { orgStreamName, type ReadOptions } from '@tally/ledger';
import { afterAll, beforeAll, expect } from 'vitest';
import { sampleEvents } from '../../testing/src/contract/index.js';
import type { SqlEventStore } from './event-store.js';
import { openPostgresEventStore } from './open.js';
import { startTestPostgres, type TestPostgres } from './test-support/server.spec-helper.js';

const PAGE = 4;
const LENGTH = 37;
let server: TestPostgres;
let store: SqlEventStore;
const streamName = orgStreamName(`read-pages-${randomBytes(4).toString('hex')}`);
beforeAll(async () => {
  server = await startTestPostgres();
  store = await openPostgresEventStore(server.url, { pageSize: PAGE });
  await store.appendToStream(streamName, sampleEvents('read-pages', LENGTH), {
    expectedRevision: 'no_stream',
  });
});
afterAll(async () => {
  await store?.close();
  await server?.stop();
});

/** The revisions a read of the stream (0 .. LENGTH - 1) gives, computed from its options. */
function expectedRevisions(
  forwards: boolean,
  from: number | undefined,
  maxCount: number | undefined,
): number[] {
  const all = Array.from({ length: LENGTH }, (_, revision) => revision);
  const ordered = forwards
    ? all.filter((r) => r >= (from ?? 0))
    : all.reverse().filter((r) => r <= (from ?? LENGTH));
  return ordered.slice(0, maxCount ?? LENGTH);
}

test.prop(
  [
    fc.boolean(),
    fc.option(fc.integer({ min: 0, max: LENGTH + 6 }), { nil: undefined }),
    fc.option(fc.integer({ min: 0, max: LENGTH + 6 }), { nil: undefined }),
  ],
  { numRuns: 60 },
)(
  'a read in pages asked ahead is the slice its options name, in pages of at most the page size',
  async (forwards, from, maxCount) => {
    const options: ReadOptions = {
      direction: forwards ? 'forwards' : 'backwards',
      ...(from === undefined ? {} : { fromRevision: BigInt(from) }),
      ...(maxCount === undefined ? {} : { maxCount }),
    };
    const pages: number[][] = [];
    for await (const page of store.readStreamPages(streamName, options)) {
      pages.push(page.map((record) => Number(record.revision)));
    }
    expect(pages.flat()).toEqual(expectedRevisions(forwards, from, maxCount));
    for (const page of pages) expect(page.length).toBeGreaterThan(0);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(PAGE);
  },
);
