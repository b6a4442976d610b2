// The generic caching handler over a tiny decider (devices that can be activated once), so that
// stamps, retries, the cache and rejections are tested apart from the domain's rules.
import type { DeviceActivated, PendingEvent, TallyEvent } from '@tally/domain';
import { instantToEpochMs } from '@tally/domain';
import { left, right } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { CommandRejectedError, ConcurrencyError } from './command-errors.js';
import { type CachingDecider, createCachingCommandHandler } from './command-handler.js';
import { getInMemoryEventStore } from './in-memory-store.js';
import { type EventStore, orgStreamName, type ReadOptions, WrongExpectedRevisionError } from './port.js';

interface Activate {
  readonly type: 'Activate';
  readonly orgId: string;
  readonly at: string;
  readonly deviceIds: readonly string[];
}
interface DeviceState {
  readonly active: Set<string>;
  applied: number;
}
interface Rejection {
  readonly code: 'AlreadyActive';
  readonly message: string;
  readonly deviceId: string;
}

const ORG = 'acme';
const STREAM = orgStreamName(ORG);
const CLOCK = '2026-03-07T07:00:00Z';

const deviceDecider: CachingDecider<Activate, DeviceState, Rejection> = {
  initialState: () => ({ active: new Set(), applied: 0 }),
  decide: (command, state) => {
    const taken = command.deviceIds.find((deviceId) => state.active.has(deviceId));
    if (taken !== undefined) {
      return left({ code: 'AlreadyActive', message: `device ${taken} is already active`, deviceId: taken });
    }
    return right(
      command.deviceIds.map(
        (deviceId): PendingEvent => ({
          type: 'DeviceActivated',
          orgId: command.orgId,
          occurredAt: command.at,
          data: { deviceId, userId: 'u-1' },
        }),
      ),
    );
  },
  apply: (state, event) => {
    state.applied += 1;
    if (event.type === 'DeviceActivated') state.active.add(event.data.deviceId);
  },
};

const activate = (...deviceIds: string[]): Activate => ({
  type: 'Activate',
  orgId: ORG,
  at: '2026-03-06T23:30:00Z',
  deviceIds,
});

const activated = (deviceId: string, eventId: string): DeviceActivated => ({
  type: 'DeviceActivated',
  eventId,
  orgId: ORG,
  occurredAt: '2026-03-06T20:00:00Z',
  recordedAt: '2026-03-06T20:00:01Z',
  data: { deviceId, userId: 'u-2' },
});

const sequentialIds = () => {
  let next = 0;
  return () => {
    next += 1;
    return `id-${next}`;
  };
};

/** A store that records every read's start and every append, and can act just before an append. */
function spyStore(inner: EventStore, beforeAppend?: (attempt: number) => Promise<void>) {
  const reads: (ReadOptions['fromRevision'] | undefined)[] = [];
  let appends = 0;
  const store: EventStore = {
    appendToStream: async (streamName, events, options) => {
      appends += 1;
      await beforeAppend?.(appends);
      return inner.appendToStream(streamName, events, options);
    },
    readStream: (streamName, options) => {
      reads.push(options?.fromRevision);
      return inner.readStream(streamName, options);
    },
    close: () => inner.close(),
  };
  return { store, reads, appends: () => appends };
}

async function streamEvents(store: EventStore): Promise<TallyEvent[]> {
  const events: TallyEvent[] = [];
  for await (const record of store.readStream(STREAM)) events.push(record.event);
  return events;
}

describe('createCachingCommandHandler', () => {
  it('stamps eventId and recordedAt from the injected generators, in wire field order', async () => {
    const store = getInMemoryEventStore();
    const handler = createCachingCommandHandler(deviceDecider, {
      store,
      clock: () => CLOCK,
      newEventId: sequentialIds(),
    });
    const first = await handler.handle(activate('d-1', 'd-2'));
    expect(first.events).toEqual([
      {
        type: 'DeviceActivated',
        eventId: 'id-1',
        orgId: ORG,
        occurredAt: '2026-03-06T23:30:00Z',
        recordedAt: CLOCK,
        data: { deviceId: 'd-1', userId: 'u-1' },
      },
      {
        type: 'DeviceActivated',
        eventId: 'id-2',
        orgId: ORG,
        occurredAt: '2026-03-06T23:30:00Z',
        recordedAt: CLOCK,
        data: { deviceId: 'd-2', userId: 'u-1' },
      },
    ]);
    expect(Object.keys(first.events[0] ?? {})).toEqual([
      'type',
      'eventId',
      'orgId',
      'occurredAt',
      'recordedAt',
      'data',
    ]);
    expect(first.nextExpectedRevision).toBe(1n);
    const second = await handler.handle(activate('d-3'));
    expect(second.nextExpectedRevision).toBe(2n);
    expect(await streamEvents(store)).toEqual([...first.events, ...second.events]);
  });

  it('stamps recordedAt with the default clock as a canonical instant and eventId as a UUID', async () => {
    const handler = createCachingCommandHandler(deviceDecider, { store: getInMemoryEventStore() });
    const before = Date.now();
    const [event] = (await handler.handle(activate('d-1'))).events;
    expect(event?.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event?.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/);
    const recordedMs = instantToEpochMs(event?.recordedAt ?? '');
    expect(recordedMs).toBeGreaterThanOrEqual(before);
    expect(recordedMs).toBeLessThanOrEqual(Date.now());
  });

  it('refuses a clock that returns a non-canonical instant, appending nothing', async () => {
    const spy = spyStore(getInMemoryEventStore());
    const handler = createCachingCommandHandler(deviceDecider, {
      store: spy.store,
      clock: () => '2026-03-07T07:00:00.000Z',
    });
    await expect(handler.handle(activate('d-1'))).rejects.toThrow(/not a canonical UTC instant/);
    expect(spy.appends()).toBe(0);
  });

  it('rejects with the decider error and appends nothing', async () => {
    const spy = spyStore(getInMemoryEventStore());
    const handler = createCachingCommandHandler(deviceDecider, { store: spy.store, clock: () => CLOCK });
    await handler.handle(activate('d-1'));
    const error = await handler.handle(activate('d-2', 'd-1')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandRejectedError);
    const rejected = error as CommandRejectedError<Rejection>;
    expect(rejected.reason).toEqual({
      code: 'AlreadyActive',
      message: 'device d-1 is already active',
      deviceId: 'd-1',
    });
    expect(rejected.message).toContain('Activate for organization acme rejected (AlreadyActive)');
    expect(spy.appends()).toBe(1);
    expect((await streamEvents(spy.store)).map((event) => event.eventId)).toHaveLength(1);
  });

  it('after a conflicting append, reads only the new events and decides again on fresh state', async () => {
    const inner = getInMemoryEventStore();
    await inner.appendToStream(STREAM, [activated('d-0', 'seed-0'), activated('d-9', 'seed-1')]);
    const spy = spyStore(inner, async (attempt) => {
      if (attempt === 2) await inner.appendToStream(STREAM, [activated('d-7', 'rival')]);
    });
    const handler = createCachingCommandHandler(deviceDecider, {
      store: spy.store,
      clock: () => CLOCK,
      newEventId: sequentialIds(),
    });
    await handler.handle(activate('d-1'));
    const result = await handler.handle(activate('d-2'));
    expect(result.nextExpectedRevision).toBe(4n);
    expect(result.events.map((event) => event.eventId)).toEqual(['id-3']);
    // First command: the whole stream. Second: appended on the cache without a read, refused
    // (the rival came first), then the rival only, read from the cached revision.
    expect(spy.reads).toEqual(['start', 3n]);
    expect((await streamEvents(inner)).map((event) => event.eventId)).toEqual([
      'seed-0',
      'seed-1',
      'id-1',
      'rival',
      'id-3',
    ]);
  });

  it('a retry that the new events make invalid is rejected, not appended', async () => {
    const inner = getInMemoryEventStore();
    const spy = spyStore(inner, async (attempt) => {
      if (attempt === 1) await inner.appendToStream(STREAM, [activated('d-1', 'rival')]);
    });
    const handler = createCachingCommandHandler(deviceDecider, { store: spy.store, clock: () => CLOCK });
    await expect(handler.handle(activate('d-1'))).rejects.toMatchObject({
      code: 'CommandRejected',
      reason: { code: 'AlreadyActive', deviceId: 'd-1' },
    });
    expect((await streamEvents(inner)).map((event) => event.eventId)).toEqual(['rival']);
  });

  it('gives up with ConcurrencyError after maxRetries retries, appending nothing', async () => {
    const inner = getInMemoryEventStore();
    let rivals = 0;
    const spy = spyStore(inner, async () => {
      rivals += 1;
      await inner.appendToStream(STREAM, [activated(`rival-${rivals}`, `rival-${rivals}`)]);
    });
    const handler = createCachingCommandHandler(deviceDecider, {
      store: spy.store,
      clock: () => CLOCK,
      maxRetries: 2,
    });
    const error = await handler.handle(activate('d-1')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ attempts: 3, orgId: ORG, streamName: STREAM, code: 'Concurrency' });
    expect((error as ConcurrencyError).cause).toBeInstanceOf(WrongExpectedRevisionError);
    expect(spy.appends()).toBe(3);
    expect((await streamEvents(inner)).map((event) => event.eventId)).toEqual([
      'rival-1',
      'rival-2',
      'rival-3',
    ]);
  });

  it('folds only new events into the cached state: a command costs the same however long the stream', async () => {
    const inner = getInMemoryEventStore({ pageSize: 16 });
    const history = Array.from({ length: 300 }, (_, i) => activated(`old-${i}`, `old-${i}`));
    await inner.appendToStream(STREAM, history);
    const spy = spyStore(inner);
    let applied = 0;
    const counting: CachingDecider<Activate, DeviceState, Rejection> = {
      ...deviceDecider,
      apply: (state, event) => {
        applied += 1;
        deviceDecider.apply(state, event);
      },
    };
    const handler = createCachingCommandHandler(counting, { store: spy.store, clock: () => CLOCK });
    await handler.handle(activate('d-1'));
    expect(applied).toBe(301);
    await handler.handle(activate('d-2'));
    await handler.handle(activate('d-3'));
    expect(applied).toBe(303);
    // The later commands append on the cache: its revision held, so there was nothing to read.
    expect(spy.reads).toEqual(['start']);
  });

  it('decides once on a stale cache when the store knows its revision (currentRevision)', async () => {
    const decisions = { count: 0 };
    const counting: CachingDecider<Activate, DeviceState, Rejection> = {
      ...deviceDecider,
      decide: (command, state) => {
        decisions.count += 1;
        return deviceDecider.decide(command, state);
      },
    };
    const run = async (store: EventStore, inner: EventStore) => {
      decisions.count = 0;
      const handler = createCachingCommandHandler(counting, { store, clock: () => CLOCK });
      await handler.handle(activate('d-1'));
      // Another writer appends behind the handler's back: its cache is one event behind.
      await inner.appendToStream(STREAM, [activated('d-other', `other-${decisions.count}`)], {
        expectedRevision: 0n,
      });
      const result = await handler.handle(activate('d-2'));
      expect(result.nextExpectedRevision).toBe(2n);
      return decisions.count - 1;
    };
    const knowing = getInMemoryEventStore();
    expect(knowing.currentRevision?.(STREAM)).toBe('no_stream');
    expect(await run(knowing, knowing)).toBe(1);
    // Without currentRevision the cached state is decided on, refused by the append, and decided again.
    const inner = getInMemoryEventStore();
    expect(await run(spyStore(inner).store, inner)).toBe(2);
  });

  it('decides again after catching up when the cached state refuses a command', async () => {
    // Refuses until the stream holds d-seed: a refusal on a stale cache proves nothing.
    interface NotYet {
      readonly code: 'NotYet';
      readonly message: string;
    }
    const waiting: CachingDecider<Activate, DeviceState, NotYet> = {
      initialState: deviceDecider.initialState,
      apply: deviceDecider.apply,
      decide: (command, state) =>
        state.active.has('d-seed')
          ? right([
              {
                type: 'DeviceActivated',
                orgId: ORG,
                occurredAt: command.at,
                data: { deviceId: 'd-x', userId: 'u-1' },
              },
            ])
          : left({ code: 'NotYet', message: 'd-seed is not active yet' }),
    };
    const inner = getInMemoryEventStore();
    await inner.appendToStream(STREAM, [activated('d-0', 'seed-0')]);
    const spy = spyStore(inner);
    const handler = createCachingCommandHandler(waiting, { store: spy.store, clock: () => CLOCK });
    await expect(handler.handle(activate('d-x'))).rejects.toMatchObject({ reason: { code: 'NotYet' } });
    // Another process appends d-seed: the cache does not know it.
    await inner.appendToStream(STREAM, [activated('d-seed', 'seed-1')]);
    const result = await handler.handle(activate('d-x'));
    expect(result.nextExpectedRevision).toBe(2n);
    expect(spy.reads).toEqual(['start', 1n]);
  });

  it('runs one organization’s commands one at a time, so they do not conflict with each other', async () => {
    const spy = spyStore(getInMemoryEventStore());
    const handler = createCachingCommandHandler(deviceDecider, { store: spy.store, clock: () => CLOCK });
    const results = await Promise.all(['d-1', 'd-2', 'd-3', 'd-4'].map((id) => handler.handle(activate(id))));
    expect(results.map((result) => result.nextExpectedRevision)).toEqual([0n, 1n, 2n, 3n]);
    expect(spy.appends()).toBe(4);
  });

  it('keeps going after a failed command on the same organization', async () => {
    const handler = createCachingCommandHandler(deviceDecider, {
      store: getInMemoryEventStore(),
      clock: () => CLOCK,
    });
    const outcomes = await Promise.allSettled([
      handler.handle(activate('d-1')),
      handler.handle(activate('d-1')),
      handler.handle(activate('d-2')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('rebuilds the state from the start after a fold failed midway', async () => {
    const inner = getInMemoryEventStore();
    await inner.appendToStream(STREAM, [activated('d-0', 'seed-0')]);
    const spy = spyStore(inner);
    let failNext = false;
    const fragile: CachingDecider<Activate, DeviceState, Rejection> = {
      ...deviceDecider,
      apply: (state, event) => {
        if (failNext) {
          failNext = false;
          throw new Error('fold failed');
        }
        deviceDecider.apply(state, event);
      },
    };
    const handler = createCachingCommandHandler(fragile, { store: spy.store, clock: () => CLOCK });
    await handler.handle(activate('d-1'));
    await inner.appendToStream(STREAM, [activated('d-5', 'other')]);
    failNext = true;
    await expect(handler.handle(activate('d-2'))).rejects.toThrow('fold failed');
    await expect(handler.handle(activate('d-5'))).rejects.toBeInstanceOf(CommandRejectedError);
    expect(spy.reads).toEqual(['start', 2n, 'start']);
  });

  it('treats a missing stream as the initial state and appends with no_stream', async () => {
    const inner = getInMemoryEventStore();
    const expectations: unknown[] = [];
    const store: EventStore = {
      ...inner,
      readStream: inner.readStream,
      close: inner.close,
      appendToStream: (name, events, options) => {
        expectations.push(options?.expectedRevision);
        return inner.appendToStream(name, events, options);
      },
    };
    const handler = createCachingCommandHandler(deviceDecider, { store, clock: () => CLOCK });
    await handler.handle(activate('d-1'));
    await handler.handle(activate('d-2'));
    expect(expectations).toEqual(['no_stream', 0n]);
  });

  it('refuses a negative or fractional maxRetries', () => {
    const store = getInMemoryEventStore();
    expect(() => createCachingCommandHandler(deviceDecider, { store, maxRetries: -1 })).toThrow(
      /maxRetries must be a non-negative integer, got -1/,
    );
    expect(() => createCachingCommandHandler(deviceDecider, { store, maxRetries: 1.5 })).toThrow(RangeError);
  });
});
