// What the contract suite leaves to each store, pinned for the in-memory one: paging, the
// extent of a read, the edges of fromRevision, option checks, duplicate ids, close().
import type { DeviceActivated, TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from './in-memory-store.js';
import type { EventStore, ReadOptions, RecordedEvent } from './port.js';
import { DuplicateEventIdError, StoreClosedError } from './store-errors.js';

const event = (index: number): DeviceActivated => ({
  type: 'DeviceActivated',
  eventId: `e-${index}`,
  orgId: 'acme',
  occurredAt: '2026-03-06T23:30:00Z',
  recordedAt: '2026-03-06T23:30:02Z',
  data: { deviceId: `d-${index}`, userId: 'u-1' },
});
const events = (count: number, from = 0): TallyEvent[] =>
  Array.from({ length: count }, (_, i) => event(from + i));

async function read(store: EventStore, streamName: string, options?: ReadOptions): Promise<bigint[]> {
  const revisions: bigint[] = [];
  for await (const record of store.readStream(streamName, options)) revisions.push(record.revision);
  return revisions;
}

describe('getInMemoryEventStore', () => {
  it('takes a page at a time: a read sees the stream as it was when iteration began', async () => {
    const store = getInMemoryEventStore({ pageSize: 3 });
    await store.appendToStream('s', events(7));
    const seen: bigint[] = [];
    for await (const record of store.readStream('s')) {
      seen.push(record.revision);
      if (record.revision === 1n) await store.appendToStream('s', events(5, 7), { expectedRevision: 6n });
    }
    expect(seen).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n]);
    expect(await read(store, 's')).toHaveLength(12);
  });

  it('pages backwards with a page size that does not divide the count', async () => {
    const store = getInMemoryEventStore({ pageSize: 4 });
    await store.appendToStream('s', events(10));
    expect(await read(store, 's', { direction: 'backwards', fromRevision: 8n, maxCount: 7 })).toEqual([
      8n,
      7n,
      6n,
      5n,
      4n,
      3n,
      2n,
    ]);
  });

  it('reads backwards from past the end as from the last event, and from start as revision 0', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('s', events(3));
    expect(await read(store, 's', { direction: 'backwards', fromRevision: 10n })).toEqual([2n, 1n, 0n]);
    expect(await read(store, 's', { direction: 'backwards', fromRevision: 'start' })).toEqual([0n]);
    expect(await read(store, 's', { fromRevision: 'end' })).toEqual([]);
    expect(await read(store, 's', { maxCount: 0 })).toEqual([]);
  });

  it('refuses bad read options and page sizes, naming the value', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('s', events(1));
    await expect(read(store, 's', { maxCount: -1 })).rejects.toThrow(
      /maxCount must be a non-negative integer, got -1/,
    );
    await expect(read(store, 's', { maxCount: 1.5 })).rejects.toThrow(RangeError);
    await expect(read(store, 's', { fromRevision: -2n })).rejects.toThrow(
      /fromRevision must be >= 0n, got -2/,
    );
    expect(() => getInMemoryEventStore({ pageSize: 0 })).toThrow(
      /pageSize must be a positive integer, got 0/,
    );
  });

  it('yields frozen records and events', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('s', events(1));
    const [record] = await collect(store.readStream('s'));
    expect(Object.isFrozen(record)).toBe(true);
    expect(Object.isFrozen(record?.event)).toBe(true);
    expect(Object.isFrozen(record?.event.data)).toBe(true);
  });

  it('refuses a batch holding an id the stream has, beside new events, and writes nothing', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('s', events(2));
    await expect(
      store.appendToStream('s', [event(5), event(0)], { expectedRevision: 1n }),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await read(store, 's')).toEqual([0n, 1n]);
  });

  it("knows each stream's current revision without a read (currentRevision)", async () => {
    const store = getInMemoryEventStore();
    expect(store.currentRevision?.('s')).toBe('no_stream');
    const first = await store.appendToStream('s', events(3));
    expect(store.currentRevision?.('s')).toBe(first.nextExpectedRevision);
    const second = await store.appendToStream('s', events(2, 3), { expectedRevision: 2n });
    expect(store.currentRevision?.('s')).toBe(second.nextExpectedRevision);
    expect(second.nextExpectedRevision).toBe(4n);
    expect(store.currentRevision?.('other')).toBe('no_stream');
  });

  it('refuses every call after close', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('s', events(1));
    await store.close();
    await expect(store.appendToStream('s', events(1, 1))).rejects.toBeInstanceOf(StoreClosedError);
    await expect(read(store, 's')).rejects.toThrow(/readStream\(s\) on an event store that was closed/);
  });
});

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
