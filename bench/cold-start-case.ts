// Case 13: a new command handler process on the large org, its first command with a snapshot in
// the store, and without. docs/performance.md#live-cases-13-and-14-2026-12-02.
import {
  applyOrgEvent,
  type Command,
  epochMsToInstant,
  initialOrgState,
  instantToEpochMs,
} from '@tally/domain';
import {
  cachingOrgDecider,
  createCachingCommandHandler,
  type EventStore,
  getInMemoryEventStore,
  orgStateSnapshots,
  orgStreamName,
} from '@tally/ledger';
import type { GeneratedOrg } from './generate.js';
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
