// Catch-up subscriptions on the test server, through the real client: what the server sends (the
// confirmation, the caught-up notice, filter checkpoints, $all's system events, exclusive starting
// points), and the adapter's subscribe surviving dropped connections without skipping or
// repeating an event.
import {
  EventStoreDBClient,
  excludeSystemEvents,
  jsonEvent,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import type { GlobalRecordedEvent } from '@tally/ledger';
import { orgStreamName } from '@tally/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubscription, sampleEvents } from '../../testing/src/contract/index.js';
import { getEventStoreDBEventStore } from './eventStore.js';
import { startTestServer, type TestServer } from './test-server/index.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ batchAppend: true });
});
afterAll(async () => {
  await server.stop();
});

/** Reads a raw client subscription until `done` says so; returns what came, in order. */
async function rawSubscription(
  subscribe: (
    client: EventStoreDBClient,
  ) => ReturnType<EventStoreDBClient['subscribeToAll']> | ReturnType<EventStoreDBClient['subscribeToStream']>,
  done: (seen: { events: string[]; caughtUp: boolean }) => boolean,
  checkpoints: bigint[] = [],
) {
  const client = EventStoreDBClient.connectionString(server.connectionString);
  const subscription = subscribe(client);
  const seen = { events: [] as string[], caughtUp: false, confirmed: false, streams: [] as string[] };
  subscription.on('confirmation', () => {
    seen.confirmed = true;
  });
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (done(seen)) resolve();
    };
    subscription.on('data', (resolved) => {
      seen.events.push(`${resolved.event?.streamId}@${resolved.event?.revision}`);
      seen.streams.push(resolved.event?.streamId ?? '');
      check();
    });
    subscription.on('caughtUp', () => {
      seen.caughtUp = true;
      check();
    });
    subscription.on('error', reject);
    setTimeout(() => reject(new Error(`not done: ${JSON.stringify(seen)}`)), 10_000);
  });
  await subscription.unsubscribe();
  await client.dispose();
  return { ...seen, checkpoints };
}

describe('the test server serves catch-up subscriptions as a node does', () => {
  it('$all holds system events; excludeSystemEvents filters them; a confirmation, then caught up', async () => {
    const stream = `raw-${Date.now()}`;
    const writer = EventStoreDBClient.connectionString(server.connectionString);
    await writer.appendToStream(stream, [jsonEvent({ type: 'T', data: { n: 1 } })]);
    await writer.dispose();
    const everything = await rawSubscription(
      (client) => client.subscribeToAll({ fromPosition: START }),
      (seen) => seen.caughtUp,
    );
    expect(everything.confirmed).toBe(true);
    expect(everything.streams[0]).toBe('$epochs');
    expect(everything.streams).toContain(stream);
    const user = await rawSubscription(
      (client) => client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() }),
      (seen) => seen.caughtUp,
    );
    expect(user.streams.some((name) => name.startsWith('$'))).toBe(false);
    expect(user.streams).toContain(stream);
  });

  it('a filtered $all subscription sends checkpoints every interval x window events scanned', async () => {
    const prefix = `cp-${Date.now()}-`;
    const writer = EventStoreDBClient.connectionString(server.connectionString);
    for (let i = 0; i < 10; i += 1) {
      await writer.appendToStream(`other-${prefix}${i}`, [jsonEvent({ type: 'T', data: { i } })]);
    }
    await writer.dispose();
    const checkpoints: bigint[] = [];
    const seen = await rawSubscription(
      (client) =>
        client.subscribeToAll({
          fromPosition: START,
          filter: streamNameFilter({
            prefixes: [prefix],
            maxSearchWindow: 2,
            checkpointInterval: 2,
            checkpointReached: (_subscription, position) => {
              checkpoints.push(position.commit);
            },
          }),
        }),
      (state) => state.caughtUp,
      checkpoints,
    );
    expect(seen.events).toEqual([]);
    // At least the 10 events written here were scanned: a checkpoint every 4.
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < checkpoints.length; i += 1) {
      expect((checkpoints[i] as bigint) - (checkpoints[i - 1] as bigint)).toBe(4n);
    }
  });

  it('a stream subscription from a revision starts after it', async () => {
    const stream = `raw-from-${Date.now()}`;
    const writer = EventStoreDBClient.connectionString(server.connectionString);
    await writer.appendToStream(
      stream,
      [0, 1, 2, 3].map((n) => jsonEvent({ type: 'T', data: { n } })),
    );
    await writer.dispose();
    const seen = await rawSubscription(
      (client) => client.subscribeToStream(stream, { fromRevision: 1n }),
      (state) => state.caughtUp,
    );
    expect(seen.events).toEqual([`${stream}@2`, `${stream}@3`]);
  });
});

async function waitFor(test: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('waited 5 s in vain');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the adapter's subscribe across dropped connections", () => {
  for (const target of ['every org', 'one stream'] as const) {
    it(`${target}: every event exactly once, in order, though the connection drops again and again`, async () => {
      const store = getEventStoreDBEventStore(server.connectionString);
      const orgs = [orgStreamName(`drop-a-${Date.now()}`), orgStreamName(`drop-b-${Date.now()}`)];
      const streams = target === 'one stream' ? [orgs[0] as string] : orgs;
      const subscription = openSubscription(
        store,
        target === 'one stream' ? { streamName: orgs[0] as string } : {},
      );
      await subscription.caughtUp();
      const written: string[] = [];
      for (let round = 0; round < 6; round += 1) {
        for (const stream of orgs) {
          const events = sampleEvents('drop', 3, round * 3);
          await store.appendToStream(stream, events);
          if (streams.includes(stream)) written.push(...events.map((event) => event.eventId));
        }
        // Cut every subscription call, as a node restarting would, once the adapter has
        // resubscribed after the last cut.
        await waitFor(() => server.dropSubscriptions() > 0);
      }
      const ours = (records: readonly GlobalRecordedEvent[]) =>
        records.filter((record) => streams.includes(record.streamName));
      const received = ours(await subscription.until((got) => ours(got).length >= written.length));
      // A little longer: a repeat would show up now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const all = ours(await subscription.until(() => true));
      await subscription.stop();
      await store.close();
      expect(all.map((record) => record.event.eventId)).toEqual(written);
      expect(received.length).toBe(written.length);
      const positions = all.map((record) => record.position);
      for (let i = 1; i < positions.length; i += 1) {
        expect((positions[i] as bigint) > (positions[i - 1] as bigint)).toBe(true);
      }
      expect(subscription.messages.filter((m) => m.kind === 'caughtUp').length).toBe(1);
    });
  }
});

// The server encodes each event's read response once and sends those bytes to every reader
// (test-server/readEventWire.ts): several subscribers and readers at once, while several writers
// append, must each still get every event once, in order, as the stream holds it.
describe('several subscribers while several writers append', () => {
  it('each gets every event exactly once, in order, caught up once, checkpoints never going back', async () => {
    const writers = [
      getEventStoreDBEventStore(server.connectionString),
      getEventStoreDBEventStore(server.connectionString),
    ];
    const reader = getEventStoreDBEventStore(server.connectionString);
    const run = Date.now();
    const orgs = [0, 1, 2, 3].map((n) => orgStreamName(`many-${run}-${n}`));
    const early = openSubscription(reader, {});
    const oneStream = openSubscription(reader, { streamName: orgs[1] as string });
    await Promise.all([early.caughtUp(), oneStream.caughtUp()]);
    const written = new Map<string, string[]>(orgs.map((org) => [org, []]));
    let late: ReturnType<typeof openSubscription> | undefined;
    for (let round = 0; round < 8; round += 1) {
      // Every org in each round, two writers at once (each org always by the same one).
      await Promise.all(
        orgs.map(async (org, n) => {
          const events = sampleEvents(`many-${n}`, 25, round * 25);
          await (writers[n % 2] as (typeof writers)[number]).appendToStream(org, events);
          written.get(org)?.push(...events.map((event) => event.eventId));
        }),
      );
      // Events of another stream, which the org filter passes over: what checkpoints are for.
      await (writers[0] as (typeof writers)[number]).appendToStream(
        `other-many-${run}-${round}`,
        sampleEvents('other', 40),
      );
      if (round === 3) late = openSubscription(reader, {});
    }
    const total = orgs.length * 8 * 25;
    const ours = (records: readonly GlobalRecordedEvent[]) =>
      records.filter((record) => orgs.includes(record.streamName));
    const subscriptions = [early, late as NonNullable<typeof late>];
    for (const subscription of subscriptions) {
      await subscription.until((got) => ours(got).length >= total);
    }
    await oneStream.until((got) => got.length >= 200);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a repeat would show up now
    for (const subscription of [...subscriptions, oneStream]) {
      const all = await subscription.until(() => true);
      const positions = all.map((record) => record.position);
      for (let i = 1; i < positions.length; i += 1) {
        expect((positions[i] as bigint) > (positions[i - 1] as bigint)).toBe(true);
      }
      const checkpoints = subscription.messages.flatMap((m) => (m.kind === 'events' ? [] : [m.checkpoint]));
      for (let i = 1; i < checkpoints.length; i += 1) {
        expect((checkpoints[i] ?? -1n) >= (checkpoints[i - 1] ?? -1n)).toBe(true);
      }
      expect(subscription.messages.filter((m) => m.kind === 'caughtUp').length).toBe(1);
      // Per stream: exactly what was written, in order, and what a read of the stream gives.
      for (const org of subscription === oneStream ? [orgs[1] as string] : orgs) {
        const received = all.filter((record) => record.streamName === org);
        expect(received.map((record) => record.event.eventId)).toEqual(written.get(org));
        const read = [];
        for await (const record of reader.readStream(org)) read.push(record);
        expect(received.map(({ revision, event }) => ({ revision, event }))).toEqual(
          read.map(({ revision, event }) => ({ revision, event })),
        );
      }
    }
    // The filtered $all subscriptions passed on the server's checkpoints past the other streams.
    for (const subscription of subscriptions) {
      expect(subscription.messages.some((m) => m.kind === 'checkpoint')).toBe(true);
    }
    await Promise.all([early.stop(), late?.stop(), oneStream.stop()]);
    await Promise.all([...writers, reader].map((store) => store.close()));
  });
});
