// Small, valid events and unique stream names for the store contract suite: a real server may be
// reused between runs, so every test writes to streams no other test (or run) has touched.
import { randomUUID } from 'node:crypto';
import type { DeviceActivated, TallyEvent } from '@tally/domain';
import type { EventStore, ReadOptions, RecordedEvent } from '@tally/ledger';

/** A stream name unique to this test and run. */
export const uniqueStreamName = (label: string): string =>
  `contract-${label}-${randomUUID().replaceAll('-', '')}`;

/** A `DeviceActivated` event with a fresh eventId; `index` makes the payload distinguishable. */
export function sampleEvent(orgId: string, index: number): DeviceActivated {
  const second = index % 60;
  return {
    type: 'DeviceActivated',
    eventId: randomUUID(),
    orgId,
    occurredAt: `2026-03-06T23:30:${String(second).padStart(2, '0')}Z`,
    recordedAt: `2026-03-06T23:31:${String(second).padStart(2, '0')}Z`,
    data: { deviceId: `d-${index}`, userId: `u-${index % 7}` },
  };
}

/** `count` sample events numbered from `from`. */
export const sampleEvents = (orgId: string, count: number, from = 0): DeviceActivated[] =>
  Array.from({ length: count }, (_, offset) => sampleEvent(orgId, from + offset));

/** Drains a read into an array. */
export async function readAll(
  store: EventStore,
  streamName: string,
  options?: ReadOptions,
): Promise<RecordedEvent[]> {
  const records: RecordedEvent[] = [];
  for await (const record of store.readStream(streamName, options)) records.push(record);
  return records;
}

/** Appends events in batches (one huge append may be over a server's size limit). */
export async function appendInBatches(
  store: EventStore,
  streamName: string,
  events: readonly TallyEvent[],
  batchSize: number,
): Promise<bigint> {
  let revision: bigint | 'no_stream' = 'no_stream';
  for (let start = 0; start < events.length; start += batchSize) {
    const result = await store.appendToStream(streamName, events.slice(start, start + batchSize), {
      expectedRevision: revision,
    });
    revision = result.nextExpectedRevision;
  }
  if (revision === 'no_stream') throw new RangeError('appendInBatches needs at least one event');
  return revision;
}

/** The rejection a promise ends with; fails when it fulfils. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}
