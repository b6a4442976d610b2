// Case 13 (a new command handler process on the large org: its first command with a snapshot in
// the store, and without) and case 14 (the live projection following appends of at least
// 20,000 events/s on the in-memory store and on the EventStoreDB test server, its lag after the
// last append). docs/performance.md#live-cases-13-and-14-2026-12-02.
import {
  applyOrgEvent,
  type Command,
  epochMsToInstant,
  initialOrgState,
  instantToEpochMs,
  type TallyEvent,
} from '@tally/domain';
import { getEventStoreDBEventStore } from '@tally/eventstoredb';
import { startTestServer } from '@tally/eventstoredb/test-server';
import {
  cachingOrgDecider,
  createCachingCommandHandler,
  type EventStore,
  getInMemoryEventStore,
  orgStateSnapshots,
  orgStreamName,
  startLiveProjection,
} from '@tally/ledger';
import type { GeneratedOrg, GeneratedOrgs } from './generate.js';
import { absoluteCase, type CaseResult } from './report.js';

const BATCH = 5_000;

async function storeWith(org: GeneratedOrg): Promise<EventStore> {
  const store = getInMemoryEventStore();
  const stream = orgStreamName(org.orgId);
  for (let i = 0; i < org.events.length; i += BATCH)
    await store.appendToStream(stream, org.events.slice(i, i + BATCH));
  return store;
}

/** The first command of a new handler: deactivate a device active at the end. */
function firstCommand(org: GeneratedOrg): Command {
  const active = new Map<string, boolean>();
  for (const event of org.events) {
    if (event.type === 'DeviceActivated' || event.type === 'DeviceReactivated')
      active.set(event.data.deviceId, true);
    else if (event.type === 'DeviceDeactivated') active.set(event.data.deviceId, false);
  }
  const deviceId = [...active].find(([, on]) => on)?.[0] as string;
  return { type: 'DeactivateDevice', orgId: org.orgId, at: org.endInstant, data: { deviceId } };
}

export async function coldStartCases(org: GeneratedOrg): Promise<CaseResult[]> {
  const store = await storeWith(org);
  const clock = () => epochMsToInstant(instantToEpochMs(org.endInstant) + 1000);
  const command = firstCommand(org);
  try {
    // Without a snapshot: the handler folds the whole stream before deciding.
    const plain = createCachingCommandHandler(cachingOrgDecider, { store, clock });
    let started = performance.now();
    const { nextExpectedRevision } = await plain.handle(command);
    const withoutMs = performance.now() - started;
    // A snapshot at the stream's end, as a handler with snapshotEvery leaves one.
    const state = initialOrgState();
    for await (const { event } of store.readStream(orgStreamName(org.orgId))) applyOrgEvent(state, event);
    const writer = orgStateSnapshots(store, { every: 1 });
    started = performance.now();
    writer.advanced(org.orgId, state, nextExpectedRevision as bigint);
    await writer.flush();
    const writeMs = performance.now() - started;
    // A new process: load the snapshot, read the events after it (none), decide, append.
    const snapshots = orgStateSnapshots(store, { every: 1_000_000_000 });
    const fresh = createCachingCommandHandler(cachingOrgDecider, { store, clock, snapshots });
    const reactivate: Command = { ...command, type: 'ReactivateDevice' } as Command;
    started = performance.now();
    await fresh.handle(reactivate);
    const withMs = performance.now() - started;
    const events = org.events.length;
    return [
      absoluteCase(`13 first command, new process, snapshot (${events} events)`, 's', withMs / 1000, {
        atMost: 0.5,
      }),
      absoluteCase(
        `13 first command, new process, no snapshot (${events} events)`,
        's',
        withoutMs / 1000,
        { atLeast: 0 },
        'informative: the whole stream folded first',
      ),
      absoluteCase(
        `13 writing the snapshot (${events} events)`,
        's',
        writeMs / 1000,
        { atLeast: 0 },
        'informative',
      ),
    ];
  } finally {
    await store.close();
  }
}

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
  const server = await startTestServer({ batchAppend: true });
  const store = getEventStoreDBEventStore(server.connectionString);
  try {
    const esdb = await follow(store, events, 25_000, 1_000);
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
