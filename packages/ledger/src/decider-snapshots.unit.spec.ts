// Snapshots for the command handler: a snapshot read back is the state folded up to its
// revision; a new handler process loads it and reads only the events after it, and decides as a
// handler that folded the whole stream; a snapshot of another state version is ignored and the
// state rebuilt from the events, never misread.
import { fc, test } from '@fast-check/vitest';
import type { Command, TallyEvent, TimelineJson } from '@tally/domain';
import { applyOrgEvent, encodeOrgState, initialOrgState, ORG_STATE_VERSION } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { arbEventLog } from '../../testing/src/arbitraries/index.js';
import { isCommandRejectedError } from './command-errors.js';
import { ORG_SNAPSHOT_TYPE, orgStateSnapshots, snapshotStreamName } from './decider-snapshots.js';
import { getInMemoryEventStore } from './in-memory-store.js';
import { createCommandHandler } from './org-command-handler.js';
import { type EventStore, orgStreamName } from './port.js';
import { packDocument, unpackDocument } from './snapshot-text.js';

const CLOCK = () => '2031-01-01T00:00:00Z';
const REGISTRATION = {
  name: 'Acme',
  serialCode: 'S',
  billingAccount: 'B',
  timeZone: 'UTC',
  currency: 'USD',
  coldStorage: true,
};
const SUBSCRIPTION = {
  startDate: '2026-01-01',
  plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '1.00' },
} as const;

/** The store, with a count of the events its readStream yielded. */
function counting(store: EventStore) {
  const counter = { read: 0 };
  const wrapped: EventStore = {
    ...store,
    readStream: (streamName, options) => {
      const inner = store.readStream(streamName, options);
      return (async function* () {
        for await (const record of inner) {
          counter.read += 1;
          yield record;
        }
      })();
    },
  };
  return { store: wrapped, counter };
}

const outcome = async (handler: ReturnType<typeof createCommandHandler>, command: Command) => {
  try {
    const { events } = await handler.handle(command);
    return { accepted: events.map((event) => [event.type, event.data]) };
  } catch (error) {
    if (isCommandRejectedError(error)) return { rejected: error.reason.code };
    throw error;
  }
};

describe('command handler snapshots', () => {
  test.prop([arbEventLog({ maxEvents: 40 }), fc.integer({ min: 1, max: 6 })], { numRuns: 40 })(
    'a new process loads the latest snapshot, reads only the events after it, and decides as a full fold',
    async (log, every) => {
      const stream = orgStreamName(log.orgId);
      const half = Math.ceil(log.events.length / 2);
      const withSnapshots = getInMemoryEventStore();
      const without = getInMemoryEventStore();
      for (const store of [withSnapshots, without])
        await store.appendToStream(stream, log.events.slice(0, half));
      // A first process folds the first half and snapshots it.
      const first = createCommandHandler({ store: withSnapshots, clock: CLOCK, snapshotEvery: every });
      const probe = log.commands.at(-1) as Command;
      await outcome(first, { ...probe, type: 'SetLicenseCap', data: { cap: 1_000 } } as Command);
      await outcome(createCommandHandler({ store: without, clock: CLOCK }), {
        ...probe,
        type: 'SetLicenseCap',
        data: { cap: 1_000 },
      } as Command);
      await new Promise((resolve) => setTimeout(resolve, 0)); // the snapshot write settles
      const rest = log.events.slice(half);
      for (const store of [withSnapshots, without])
        if (rest.length > 0) await store.appendToStream(stream, rest);

      const loaded = await orgStateSnapshots(withSnapshots, { every }).load(log.orgId);
      const total = log.events.length + 1;
      const counted = counting(withSnapshots);
      const second = createCommandHandler({ store: counted.store, clock: CLOCK, snapshotEvery: every });
      const fresh = createCommandHandler({ store: without, clock: CLOCK });
      for (const command of log.commands.slice(-4)) {
        expect(await outcome(second, command)).toEqual(await outcome(fresh, command));
      }
      // No snapshot when the first process never got `every` events in.
      if (loaded !== undefined) {
        // The snapshot is the state folded up to its revision...
        const folded = initialOrgState();
        const events: TallyEvent[] = [];
        for await (const record of without.readStream(stream)) events.push(record.event);
        for (const event of events.slice(0, Number(loaded.revision) + 1)) applyOrgEvent(folded, event);
        expect(encodeOrgState(loaded.state)).toEqual(encodeOrgState(folded));
        // ...and the new process read only what came after it.
        expect(counted.counter.read).toBeLessThanOrEqual(total - Number(loaded.revision) - 1);
      }
    },
  );

  it('a snapshot of another state version is ignored: the state is rebuilt from the events', async () => {
    const store = getInMemoryEventStore();
    const orgId = 'acme';
    const handler = createCommandHandler({ store, clock: CLOCK });
    const at = '2026-01-01T00:00:00Z';
    await handler.handle({
      type: 'RegisterOrganization',
      orgId,
      at,
      data: {
        name: 'Acme',
        serialCode: 'S',
        billingAccount: 'B',
        timeZone: 'UTC',
        currency: 'USD',
        coldStorage: true,
      },
    });
    await handler.handle({
      type: 'StartSubscription',
      orgId,
      at,
      data: {
        startDate: '2026-01-01',
        plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '1.00' },
      },
    });
    // An older version's snapshot at the stream's last revision, whose state says "cap 0": read,
    // it would refuse the activation below.
    const stale = initialOrgState();
    stale.licenseCap = 0;
    const json = { ...encodeOrgState(stale), stateVersion: ORG_STATE_VERSION - 1 };
    await store.appendDocument?.(snapshotStreamName(orgId), {
      type: ORG_SNAPSHOT_TYPE,
      json: JSON.stringify({ orgId, revision: '1', state: json }),
    });
    const counted = counting(store);
    const next = createCommandHandler({ store: counted.store, clock: CLOCK, snapshotEvery: 1 });
    const { events } = await next.handle({
      type: 'ActivateDevice',
      orgId,
      at,
      data: { deviceId: 'd-1', userId: 'u-1' },
    });
    expect(events.map((event) => event.type)).toEqual(['DeviceActivated']);
    expect(counted.counter.read).toBe(2); // the whole stream, not the snapshot
    await new Promise((resolve) => setTimeout(resolve, 0)); // the snapshot write settles
    // The handler then wrote a snapshot of this version.
    const latest = await store.readLastDocument?.(snapshotStreamName(orgId));
    const { header } = unpackDocument(latest?.json ?? '{}');
    expect((header as { state: { stateVersion: number } }).state.stateVersion).toBe(ORG_STATE_VERSION);
  });

  it('a packed snapshot of version 1 (its columns as Float64 parts) is ignored: the state is rebuilt', async () => {
    const store = getInMemoryEventStore();
    const orgId = 'acme';
    const at = '2026-01-01T00:00:00Z';
    const handler = createCommandHandler({ store, clock: CLOCK });
    await handler.handle({ type: 'RegisterOrganization', orgId, at, data: REGISTRATION });
    await handler.handle({ type: 'StartSubscription', orgId, at, data: SUBSCRIPTION });
    // The layout version 1 wrote: each column's Float64 bytes as a part, named by number alone.
    // Its state says "cap 0": read, it would refuse the activation below.
    const stale = initialOrgState();
    stale.licenseCap = 0;
    const json = { ...encodeOrgState(stale), stateVersion: 1 };
    const parts: string[] = [];
    const values: Record<string, unknown> = { ...json.values };
    const { timeline } = json.values.entities as { timeline: TimelineJson };
    const columns = Object.fromEntries(
      Object.entries(timeline.columns).map(([name, column]) => {
        const bytes = new Float64Array(column);
        return [name, { part: parts.push(Buffer.from(bytes.buffer).toString('base64')) - 1 }];
      }),
    );
    values.entities = { timeline: { ...timeline, columns } };
    await store.appendDocument?.(snapshotStreamName(orgId), {
      type: ORG_SNAPSHOT_TYPE,
      json: packDocument({ orgId, revision: '1', state: { ...json, values } }, parts),
    });
    expect(await orgStateSnapshots(store).load(orgId)).toBeUndefined();
    const counted = counting(store);
    const next = createCommandHandler({ store: counted.store, clock: CLOCK, snapshotEvery: 1 });
    const { events } = await next.handle({
      type: 'ActivateDevice',
      orgId,
      at,
      data: { deviceId: 'd-1', userId: 'u-1' },
    });
    expect(events.map((event) => event.type)).toEqual(['DeviceActivated']);
    expect(counted.counter.read).toBe(2); // the whole stream, not the snapshot
    await new Promise((resolve) => setTimeout(resolve, 0)); // the snapshot write settles
    const loaded = await orgStateSnapshots(store).load(orgId);
    expect(loaded?.revision).toBe(2n);
    expect(loaded?.state.licenseCap).not.toBe(0);
  });

  it('snapshotEvery must be a positive integer; a store without documents cannot hold snapshots', () => {
    const store = getInMemoryEventStore();
    expect(() => createCommandHandler({ store, snapshotEvery: 0 })).toThrow(RangeError);
    const bare: EventStore = {
      appendToStream: store.appendToStream,
      readStream: store.readStream,
      close: store.close,
    };
    expect(() => createCommandHandler({ store: bare, snapshotEvery: 10 })).toThrow(/documents/);
  });
});
