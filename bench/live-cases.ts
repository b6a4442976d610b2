// Case 14 (the live projection following appends of at least 20,000 events/s on the in-memory
// store and on the EventStoreDB test server, in a process of its own, its lag after the last append).
// docs/performance.md#live-cases-13-and-14-2026-12-02.
import type { TallyEvent } from '@tally/domain';
import { getEventStoreDBEventStore } from '@tally/eventstoredb';
import { startTestServerProcess } from '@tally/eventstoredb/test-server';
import { type EventStore, getInMemoryEventStore, orgStreamName, startLiveProjection } from '@tally/ledger';
import type { GeneratedOrgs } from './generate.js';
import { absoluteCase, type CaseResult } from './report.js';

interface Followed {
  readonly appendRate: number;
  readonly lagMs: number;
  readonly batches: number;
}

/** Appends `events` (several orgs, in order) in batches of `batch`, paced to `rate` events/s,
 * while a live projection follows; the lag is from the last append to the projection having it. */
async function follow(
  store: EventStore,
  events: readonly TallyEvent[],
  rate: number,
  batch: number,
): Promise<Followed> {
  const projection = await startLiveProjection({
    store,
    clock: () => '2030-01-01T00:00:00Z',
    name: `bench-${Date.now()}`,
    saveEvery: Number.MAX_SAFE_INTEGER,
  });
  await projection.caughtUp();
  const base = projection.current().events;
  const started = performance.now();
  // Each org's stream gets its events in order: group a batch by org.
  for (let i = 0; i < events.length; i += batch) {
    const slice = events.slice(i, i + batch);
    const byOrg = new Map<string, TallyEvent[]>();
    for (const event of slice) byOrg.set(event.orgId, [...(byOrg.get(event.orgId) ?? []), event]);
    await Promise.all(
      [...byOrg].map(([orgId, orgEvents]) => store.appendToStream(orgStreamName(orgId), orgEvents)),
    );
    const due = ((i + slice.length) / rate) * 1000;
    const ahead = due - (performance.now() - started);
    if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
  }
  const appended = performance.now();
  while (projection.current().events - base < events.length)
    await new Promise((resolve) => setTimeout(resolve, 2));
  const lagMs = performance.now() - appended;
  const { batches } = projection.current();
  await projection.stop({ save: false });
  return { appendRate: events.length / ((appended - started) / 1000), lagMs, batches };
}

export async function liveCases(orgs: GeneratedOrgs, count: number): Promise<CaseResult[]> {
  const events = orgs.events.slice(0, count);
  const rows: CaseResult[] = [];
  const memory = getInMemoryEventStore();
  const inMemory = await follow(memory, events, 25_000, 500);
  await memory.close();
  rows.push(
    absoluteCase(
      `14 appends followed, in-memory (${events.length} events)`,
      'events/s',
      inMemory.appendRate,
      { atLeast: 20_000 },
    ),
    absoluteCase(
      '14 projection lag after the last append, in-memory',
      's',
      inMemory.lagMs / 1000,
      { below: 1 },
      `${inMemory.batches} snapshots`,
    ),
  );
  // The server in a process of its own, as a real node is: it does not share this one's event loop.
  const server = await startTestServerProcess({ batchAppend: true });
  const store = getEventStoreDBEventStore(server.connectionString);
  try {
    const esdb = await Promise.race([follow(store, events, 25_000, 1_000), server.crashed]);
    rows.push(
      absoluteCase(
        `14 appends followed, EventStoreDB test server (${events.length} events)`,
        'events/s',
        esdb.appendRate,
        { atLeast: 20_000 },
      ),
      absoluteCase(
        '14 projection lag after the last append, EventStoreDB test server',
        's',
        esdb.lagMs / 1000,
        { below: 1 },
        `${esdb.batches} snapshots`,
      ),
    );
  } finally {
    await store.close();
    await server.stop();
  }
  return rows;
}
