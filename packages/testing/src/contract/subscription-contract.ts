// The subscription part of the store contract (docs/live.md): a store's `subscribe` follows one
// stream by revision or every org stream by global position, catches up, says so, goes live,
// resumes after a checkpoint without skipping or repeating, and never yields a bookkeeping
// document; `appendDocument` / `readLastDocument` keep the latest document of a stream.
import { randomUUID } from 'node:crypto';
import {
  type EventStore,
  type GlobalRecordedEvent,
  orgStreamName,
  type SubscribeOptions,
  type SubscriptionMessage,
} from '@tally/ledger';
import { expect, it } from 'vitest';
import { rejectionOf, sampleEvents, uniqueStreamName } from './contract-events.js';

const ORG = 'contract-org';
const WAIT_MS = 10_000;

/** A running subscription whose messages a test reads as they come. */
export interface OpenSubscription {
  readonly messages: SubscriptionMessage[];
  /** Resolves with the events received once `predicate` holds of them (rejects after 10 s). */
  until(predicate: (events: readonly GlobalRecordedEvent[]) => boolean): Promise<GlobalRecordedEvent[]>;
  caughtUp(): Promise<SubscriptionMessage & { kind: 'caughtUp' }>;
  stop(): Promise<void>;
}

export function openSubscription(store: EventStore, options: SubscribeOptions = {}): OpenSubscription {
  if (store.subscribe === undefined) throw new Error('the store has no subscribe');
  const controller = new AbortController();
  const messages: SubscriptionMessage[] = [];
  const events: GlobalRecordedEvent[] = [];
  let failure: unknown;
  let wake = () => {};
  const running = (async () => {
    try {
      for await (const message of store.subscribe?.({ ...options, signal: controller.signal }) ?? []) {
        messages.push(message);
        if (message.kind === 'events') events.push(...message.events);
        wake();
      }
    } catch (error) {
      failure = error;
      wake();
    }
  })();
  const waitFor = async <T>(test: () => T | undefined): Promise<T> => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      if (failure !== undefined) throw failure;
      const found = test();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`subscription: not there after ${WAIT_MS} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  return {
    messages,
    until: (predicate) => waitFor(() => (predicate(events) ? [...events] : undefined)),
    caughtUp: () =>
      waitFor(() =>
        messages.find((m): m is SubscriptionMessage & { kind: 'caughtUp' } => m.kind === 'caughtUp'),
      ),
    stop: async () => {
      controller.abort();
      await running;
      if (failure !== undefined) throw failure;
    },
  };
}

const ids = (records: readonly GlobalRecordedEvent[]) => records.map((record) => record.event.eventId);

/** Registers the subscription tests inside a contract's describe; `store()` is the test's store. */
export function subscriptionContractTests(store: () => EventStore): void {
  it('a stream subscription catches up, says so, then yields new events live; aborting ends it', async () => {
    const streamName = uniqueStreamName('sub-stream');
    const first = sampleEvents(ORG, 3);
    await store().appendToStream(streamName, first, { expectedRevision: 'no_stream' });
    const subscription = openSubscription(store(), { streamName });
    const caughtUp = await subscription.caughtUp();
    expect(caughtUp.checkpoint).toBe(2n);
    const live = sampleEvents(ORG, 2, 3);
    await store().appendToStream(streamName, live, { expectedRevision: 2n });
    const received = await subscription.until((events) => events.length >= 5);
    await subscription.stop();
    expect(ids(received)).toEqual([...first, ...live].map((event) => event.eventId));
    expect(received.map((record) => record.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(received.every((record) => record.streamName === streamName)).toBe(true);
    // caughtUp comes after the three events that were there, before the live ones.
    const kinds = subscription.messages.map((m) => m.kind);
    const caughtUpAt = kinds.indexOf('caughtUp');
    const before = subscription.messages
      .slice(0, caughtUpAt)
      .flatMap((m) => (m.kind === 'events' ? m.events : []));
    expect(before.length).toBe(3);
    const lastEvents = subscription.messages.filter((m) => m.kind === 'events').at(-1);
    expect(lastEvents?.kind === 'events' && lastEvents.checkpoint).toBe(4n);
  });

  it('a stream subscription resumes after a checkpoint revision: nothing skipped, nothing repeated', async () => {
    const streamName = uniqueStreamName('sub-resume');
    const events = sampleEvents(ORG, 6);
    await store().appendToStream(streamName, events, { expectedRevision: 'no_stream' });
    const subscription = openSubscription(store(), { streamName, after: 2n, maxBatch: 2 });
    const received = await subscription.until((got) => got.length >= 3);
    await subscription.caughtUp();
    await subscription.stop();
    expect(received.map((record) => record.revision)).toEqual([3n, 4n, 5n]);
    expect(ids(received)).toEqual(events.slice(3).map((event) => event.eventId));
    for (const message of subscription.messages) {
      if (message.kind === 'events') expect(message.events.length).toBeLessThanOrEqual(2);
    }
  });

  it('a subscription to a stream that does not exist yet waits for it', async () => {
    const streamName = uniqueStreamName('sub-later');
    const subscription = openSubscription(store(), { streamName });
    await subscription.caughtUp();
    const events = sampleEvents(ORG, 2);
    await store().appendToStream(streamName, events, { expectedRevision: 'no_stream' });
    const received = await subscription.until((got) => got.length >= 2);
    await subscription.stop();
    expect(ids(received)).toEqual(events.map((event) => event.eventId));
  });

  it('an all-orgs subscription yields every org stream in global order, no other stream, and resumes after a position', async () => {
    const subscription = openSubscription(store());
    const { checkpoint: tail } = await subscription.caughtUp();
    const a = orgStreamName(`contract-${randomUUID()}`);
    const b = orgStreamName(`contract-${randomUUID()}`);
    const other = uniqueStreamName('not-an-org');
    const first = sampleEvents(ORG, 2);
    const second = sampleEvents(ORG, 3, 2);
    const ignored = sampleEvents(ORG, 2, 9);
    const third = sampleEvents(ORG, 1, 5);
    await store().appendToStream(a, first, { expectedRevision: 'no_stream' });
    await store().appendToStream(b, second, { expectedRevision: 'no_stream' });
    await store().appendToStream(other, ignored, { expectedRevision: 'no_stream' });
    await store().appendToStream(a, third, { expectedRevision: 1n });
    const ours = (records: readonly GlobalRecordedEvent[]) =>
      records.filter((record) => record.streamName === a || record.streamName === b);
    const received = ours(await subscription.until((got) => ours(got).length >= 6));
    await subscription.stop();
    expect(ids(received)).toEqual([...first, ...second, ...third].map((event) => event.eventId));
    expect(received.map((record) => [record.streamName, record.revision])).toEqual([
      [a, 0n],
      [a, 1n],
      [b, 0n],
      [b, 1n],
      [b, 2n],
      [a, 2n],
    ]);
    expect(received.map((record) => record.event)).toEqual([...first, ...second, ...third]);
    expect(
      subscription.messages
        .flatMap((m) => (m.kind === 'events' ? m.events : []))
        .some((r) => r.streamName === other),
    ).toBe(false);
    const positions = received.map((record) => record.position);
    for (let i = 1; i < positions.length; i += 1) {
      expect((positions[i] as bigint) > (positions[i - 1] as bigint)).toBe(true);
    }
    if (tail !== undefined) expect((positions[0] as bigint) > tail).toBe(true);
    // Every checkpoint is the position of its batch's last event.
    for (const message of subscription.messages) {
      if (message.kind === 'events') expect(message.checkpoint).toBe(message.events.at(-1)?.position);
    }

    const resumed = openSubscription(store(), { after: positions[2] as bigint });
    await resumed.caughtUp();
    const again = ours(await resumed.until((got) => ours(got).length >= 3));
    await resumed.stop();
    expect(again.map((record) => record.position)).toEqual(positions.slice(3));
  });

  it('documents: the latest of a stream is read back byte for byte; none is undefined; an org stream name is refused', async () => {
    const s = store();
    if (s.appendDocument === undefined || s.readLastDocument === undefined) {
      throw new Error('the store has no documents');
    }
    const streamName = uniqueStreamName('doc');
    expect(await s.readLastDocument(streamName)).toBeUndefined();
    await s.appendDocument(streamName, { type: 'First', json: '{"a":1}' });
    const json = '{"b":"2","c":[1,2,3],"ü":"\\u2028"}';
    await s.appendDocument(streamName, { type: 'Second', json });
    expect(await s.readLastDocument(streamName)).toEqual({ type: 'Second', json });
    expect(await rejectionOf(s.appendDocument(orgStreamName('x'), { type: 'T', json: '{}' }))).toBeInstanceOf(
      RangeError,
    );
    // A document never shows in a subscription.
    const subscription = openSubscription(s);
    await subscription.caughtUp();
    await subscription.stop();
    const seen = subscription.messages.flatMap((m) => (m.kind === 'events' ? m.events : []));
    expect(seen.some((record) => record.streamName === streamName)).toBe(false);
  });
}
