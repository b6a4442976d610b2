// The live projection on the in-memory store: equal to a full replay after any interleaving of
// appends, restarts and crashes (the model of @tally/testing), its snapshots immutable and made
// once per batch, and a restart resuming from the stored state, not from the first event.
import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../../../testing/src/contract/index.js';
import { checkLiveProjectionModel } from '../../../testing/src/live/live-model.js';
import { getInMemoryEventStore } from '../in-memory-store.js';
import { orgStreamName } from '../port.js';
import { liveStateStream, startLiveProjection } from './live-projection.js';

const NOW = '2026-03-10T00:00:00Z';

describe('live projection (in-memory store)', () => {
  it('equals a full replay after any interleaving of appends, restarts and crashes', async () => {
    await checkLiveProjectionModel({ makeStore: async () => getInMemoryEventStore(), numRuns: 25 });
  }, 120_000);

  it('hands out frozen snapshots, at most one per batch; a snapshot held stays as it was', async () => {
    const store = getInMemoryEventStore();
    const projection = await startLiveProjection({ store, clock: () => NOW, maxBatch: 4 });
    const first = await projection.caughtUp();
    await store.appendToStream(orgStreamName('acme'), sampleEvents('acme', 10));
    await waitFor(() => projection.current().events === 10);
    const held = projection.current();
    expect(Object.isFrozen(held)).toBe(true);
    expect(Object.isFrozen(held.orgs)).toBe(true);
    expect(Object.isFrozen(held.orgs.acme?.countsNow)).toBe(true);
    // 10 events in subscription batches of at most 4, folded as they come and published together
    // when they arrive together: a snapshot per batch at most, never one per event.
    expect(held.batches).toBeGreaterThanOrEqual(1);
    expect(held.batches).toBeLessThanOrEqual(3);
    expect(held.orgs.acme?.countsNow.activeDevices).toBe(10);
    await store.appendToStream(orgStreamName('acme'), sampleEvents('acme', 2, 10));
    await waitFor(() => projection.current().events === 12);
    expect(held.orgs.acme?.countsNow.activeDevices).toBe(10);
    expect(projection.current().orgs.acme?.countsNow.activeDevices).toBe(12);
    expect(first.orgs).toEqual({});
    // Another org's batch shares the untouched org's figures.
    const before = projection.current();
    await store.appendToStream(orgStreamName('other'), sampleEvents('other', 1));
    await waitFor(() => projection.current().events === 13);
    expect(projection.current().orgs.acme).toBe(before.orgs.acme);
    await projection.stop();
  });

  it('under a stream of batches publishes once per publishEveryMs; stop publishes what waits', async () => {
    const store = getInMemoryEventStore();
    const projection = await startLiveProjection({ store, clock: () => NOW, publishEveryMs: 60_000 });
    await projection.caughtUp();
    const published: number[] = [];
    projection.onChange((next) => published.push(next.events));
    await store.appendToStream(orgStreamName('acme'), sampleEvents('acme', 1));
    // The first batch after a quiet spell is published at once.
    await waitFor(() => published.length === 1);
    await store.appendToStream(orgStreamName('acme'), sampleEvents('acme', 2, 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The next one within the minute is folded but waits for its publish.
    expect(published).toEqual([1]);
    await projection.stop({ save: false });
    expect(published).toEqual([1, 3]);
    expect(projection.current().orgs.acme?.countsNow.activeDevices).toBe(3);
  });

  it('publishes again once publishEveryMs has passed', async () => {
    const store = getInMemoryEventStore();
    const projection = await startLiveProjection({ store, clock: () => NOW, publishEveryMs: 20 });
    await projection.caughtUp();
    const published: number[] = [];
    projection.onChange((next) => published.push(next.events));
    await store.appendToStream(orgStreamName('acme'), sampleEvents('acme', 1));
    await waitFor(() => published.length === 1);
    await store.appendToStream(orgStreamName('acme'), sampleEvents('acme', 1, 1));
    await waitFor(() => published.length === 2);
    expect(published).toEqual([1, 2]);
    await projection.stop({ save: false });
  });

  it('refuses a publishEveryMs that is not a finite number >= 0', async () => {
    for (const publishEveryMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(
        startLiveProjection({ store: getInMemoryEventStore(), clock: () => NOW, publishEveryMs }),
      ).rejects.toThrow(/publishEveryMs must be a finite number >= 0/);
    }
  });

  it('a restart resumes after the stored checkpoint: the events before it are not read again', async () => {
    const store = getInMemoryEventStore();
    const first = await startLiveProjection({ store, clock: () => NOW, name: 'resume' });
    await store.appendToStream(orgStreamName('acme'), sampleEvents('acme', 6));
    await waitFor(() => first.current().events === 6);
    await first.stop();
    expect((await store.readLastDocument?.(liveStateStream('resume')))?.type).toBe('LiveProjectionState');
    // Count what the second projection's subscription yields.
    let yielded = 0;
    const counting = {
      ...store,
      subscribe: (options?: Parameters<NonNullable<typeof store.subscribe>>[0]) => {
        const inner = store.subscribe?.(options) ?? [];
        return (async function* () {
          for await (const message of inner) {
            if (message.kind === 'events') yielded += message.events.length;
            yield message;
          }
        })();
      },
    };
    await store.appendToStream(orgStreamName('acme'), sampleEvents('acme', 2, 6));
    const second = await startLiveProjection({ store: counting, clock: () => NOW, name: 'resume' });
    await second.caughtUp();
    expect(second.current().orgs.acme?.countsNow.activeDevices).toBe(8);
    expect(second.current().events).toBe(8);
    expect(yielded).toBe(2);
    await second.stop();
  });
});

async function waitFor(test: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('waited 5 s in vain');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
