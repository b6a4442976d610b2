// The optional paged read from the readers' side: the queries give the same answer with and
// without it, and a wrapper that overrides readStream is never read around.
import { fc, test } from '@fast-check/vitest';
import type { DeviceActivated, TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from './in-memory-store.js';
import { withPagedRead } from './paged-read.js';
import type { EventStore, RecordedEvent } from './port.js';
import { orgStreamName } from './port.js';
import { foldOrgStream, loadOrgEvents, loadOrgEventsOrNone } from './queries.js';

const ORG = 'acme';

const event = (index: number): DeviceActivated => ({
  type: 'DeviceActivated',
  eventId: `e-${index}`,
  orgId: ORG,
  occurredAt: '2026-03-06T23:30:00Z',
  recordedAt: '2026-03-06T23:30:02Z',
  data: { deviceId: `d-${index}`, userId: 'u-1' },
});

async function storeWith(count: number, pageSize: number): Promise<EventStore> {
  const store = getInMemoryEventStore({ pageSize });
  const events = Array.from({ length: count }, (_, i) => event(i));
  await store.appendToStream(orgStreamName(ORG), events);
  return store;
}

const collect = <R>(store: EventStore, sink: { push(event: TallyEvent): void; result(): R }) =>
  foldOrgStream(store, ORG, sink);

async function idsThroughFold(store: EventStore): Promise<string[]> {
  const ids: string[] = [];
  return collect(store, { push: (e) => ids.push(e.eventId), result: () => ids });
}

async function idsThroughLoad(store: EventStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of loadOrgEvents(store, ORG)) ids.push(e.eventId);
  return ids;
}

describe('readStreamPages', () => {
  it('is offered by the in-memory store, and dropped by a spread that overrides readStream', async () => {
    const store = await storeWith(3, 2);
    expect(store.readStreamPages).toBeTypeOf('function');
    const wrapper: EventStore = { ...store, readStream: store.readStream };
    expect(wrapper.readStreamPages).toBeUndefined();
  });

  test.prop([fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 70 })], { numRuns: 40 })(
    'foldOrgStream and loadOrgEvents see the same events through pages and through readStream',
    async (count, pageSize) => {
      const paged = await storeWith(count, pageSize);
      const perEvent: EventStore = { ...paged };
      expect(perEvent.readStreamPages).toBeUndefined();
      const expected = Array.from({ length: count }, (_, i) => `e-${i}`);
      expect(await idsThroughFold(paged)).toEqual(expected);
      expect(await idsThroughFold(perEvent)).toEqual(expected);
      expect(await idsThroughLoad(paged)).toEqual(expected);
      expect(await idsThroughLoad(perEvent)).toEqual(expected);
    },
  );

  it('a wrapper that overrides readStream is what the queries read', async () => {
    const store = await storeWith(5, 2);
    async function* readStream(streamName: string): AsyncGenerator<RecordedEvent> {
      for await (const record of store.readStream(streamName)) {
        if (record.revision === 3n) throw new Error('checked: revision 3 refused');
        yield record;
      }
    }
    const checked: EventStore = { ...store, readStream };
    await expect(idsThroughFold(checked)).rejects.toThrow('checked: revision 3 refused');
    await expect(idsThroughLoad(checked)).rejects.toThrow('checked: revision 3 refused');
  });

  it('withPagedRead adds a non-enumerable readStreamPages that readers prefer', async () => {
    const inner = await storeWith(4, 3);
    const pages: RecordedEvent[][] = [];
    for await (const page of inner.readStreamPages?.(orgStreamName(ORG)) ?? []) pages.push([...page]);
    // A store whose per-event read is broken: only the paged read can give the answer.
    const store = withPagedRead(
      {
        ...inner,
        readStream: () => {
          throw new Error('readStream must not be used when readStreamPages is present');
        },
      },
      async function* () {
        yield* pages;
      },
    );
    expect(Object.keys(store)).not.toContain('readStreamPages');
    expect(await idsThroughFold(store)).toEqual(['e-0', 'e-1', 'e-2', 'e-3']);
    expect(await idsThroughLoad(store)).toEqual(['e-0', 'e-1', 'e-2', 'e-3']);
  });
});

describe('loadOrgEventsOrNone', () => {
  it('reads an org with no stream as no events, and an org with one as loadOrgEvents does', async () => {
    const store = await storeWith(5, 2);
    const read = async (orgId: string) => {
      const ids: string[] = [];
      for await (const e of loadOrgEventsOrNone(store, orgId)) ids.push(e.eventId);
      return ids;
    };
    expect(await read('nobody')).toEqual([]);
    expect(await read(ORG)).toEqual(await idsThroughLoad(store));
  });

  it('passes on any other failure of the store', async () => {
    const store = await storeWith(1, 1);
    const failing: EventStore = {
      ...store,
      readStream: () => {
        throw new Error('connection refused');
      },
    };
    const drain = async () => {
      for await (const _ of loadOrgEventsOrNone(failing, ORG)) void _;
    };
    await expect(drain()).rejects.toThrow('connection refused');
  });
});
