import { randomUUID } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createStreamLog, type ProposedEvent, type StoredEvent } from './streamLog.js';

const proposed = (count: number): ProposedEvent[] =>
  Array.from({ length: count }, () => ({
    id: randomUUID(),
    type: 'T',
    contentType: 'application/json',
    data: new Uint8Array([123, 125]),
    customMetadata: new Uint8Array(),
  }));

const ids = (events: readonly { readonly id: string }[] | undefined) =>
  (events ?? []).map((event) => event.id);
const revisions = (events: readonly StoredEvent[] | undefined) =>
  (events ?? []).map((event) => Number(event.revision));
const batchSizes = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 });

describe('the test server stream log', () => {
  test.prop([batchSizes], { numRuns: 150 })(
    'batches appended at the right revision read back in order, revisions from 0',
    (sizes) => {
      const log = createStreamLog();
      const batches = sizes.map(proposed);
      let expected: bigint | 'no_stream' = 'no_stream';
      for (const batch of batches) {
        const outcome = log.append('s', expected, batch);
        if (outcome.kind !== 'success' || outcome.currentRevision === undefined) throw new Error('refused');
        expected = outcome.currentRevision;
      }
      const all = batches.flat();
      const forwards = log.read('s', { from: 'start', direction: 'forwards', count: 1_000 });
      expect(ids(forwards)).toEqual(ids(all));
      expect(revisions(forwards)).toEqual(all.map((_, index) => index));
      const backwards = log.read('s', { from: 'end', direction: 'backwards', count: 1_000 });
      expect(ids(backwards)).toEqual(ids(all).reverse());
    },
  );

  test.prop([batchSizes, fc.nat(), fc.constantFrom('exact', 'any', 'stream_exists')], { numRuns: 150 })(
    're-appending an appended batch at its revision writes nothing and answers as the first time',
    (sizes, pick, retryWith) => {
      const log = createStreamLog();
      const answers: {
        batch: ProposedEvent[];
        expected: bigint | 'no_stream';
        revision: bigint | undefined;
      }[] = [];
      let expected: bigint | 'no_stream' = 'no_stream';
      for (const batch of sizes.map(proposed)) {
        const outcome = log.append('s', expected, batch);
        if (outcome.kind !== 'success' || outcome.currentRevision === undefined) throw new Error('refused');
        answers.push({ batch, expected, revision: outcome.currentRevision });
        expected = outcome.currentRevision;
      }
      const before = ids(log.read('s', { from: 'start', direction: 'forwards', count: 1_000 }));
      const retried = answers[pick % answers.length];
      if (!retried) throw new Error('no batch');
      const retryExpectation = retryWith === 'exact' ? retried.expected : retryWith;
      const outcome = log.append('s', retryExpectation, retried.batch);
      expect(outcome).toMatchObject({ kind: 'success', currentRevision: retried.revision, written: 0 });
      expect(ids(log.read('s', { from: 'start', direction: 'forwards', count: 1_000 }))).toEqual(before);
    },
  );

  test.prop([fc.integer({ min: 1, max: 20 }), fc.integer({ min: -1, max: 30 })], { numRuns: 150 })(
    'a new batch at any revision but the last is refused with the actual revision',
    (length, expectedLast) => {
      fc.pre(expectedLast !== length - 1);
      const log = createStreamLog();
      log.append('s', 'no_stream', proposed(length));
      const expected = expectedLast === -1 ? 'no_stream' : BigInt(expectedLast);
      const outcome = log.append('s', expected, proposed(2));
      expect(outcome).toEqual({ kind: 'wrong-expected-version', currentRevision: BigInt(length - 1) });
      expect(log.read('s', { from: 'start', direction: 'forwards', count: 100 })).toHaveLength(length);
    },
  );

  test.prop([fc.integer({ min: 1, max: 40 }), fc.nat({ max: 50 }), fc.integer({ min: 1, max: 50 })], {
    numRuns: 200,
  })('reads from a revision, both ways, at most count events', (length, from, count) => {
    const log = createStreamLog();
    log.append('s', 'no_stream', proposed(length));
    const expectedForwards: number[] = [];
    for (let r = from; r < length && expectedForwards.length < count; r += 1) expectedForwards.push(r);
    expect(revisions(log.read('s', { from: BigInt(from), direction: 'forwards', count }))).toEqual(
      expectedForwards,
    );
    const expectedBackwards: number[] = [];
    for (let r = Math.min(from, length - 1); r >= 0 && expectedBackwards.length < count; r -= 1) {
      expectedBackwards.push(r);
    }
    expect(revisions(log.read('s', { from: BigInt(from), direction: 'backwards', count }))).toEqual(
      expectedBackwards,
    );
  });

  it('stream_exists and exact revisions on a missing stream are refused; nothing is created', () => {
    const log = createStreamLog();
    expect(log.append('s', 'stream_exists', proposed(1))).toEqual({
      kind: 'wrong-expected-version',
      currentRevision: undefined,
    });
    expect(log.append('s', 0n, proposed(1)).kind).toBe('wrong-expected-version');
    expect(log.append('s', 'no_stream', [])).toMatchObject({ kind: 'success', currentRevision: undefined });
    expect(log.read('s', { from: 'start', direction: 'forwards', count: 10 })).toBeUndefined();
  });

  it('a retry that only partly matches what was written is refused', () => {
    const log = createStreamLog();
    const [first, second] = [proposed(2), proposed(1)];
    log.append('s', 'no_stream', first);
    const mixed = [...first.slice(0, 1), ...second];
    expect(log.append('s', 'no_stream', mixed).kind).toBe('wrong-expected-version');
    expect(log.append('s', 'any', mixed).kind).toBe('wrong-expected-version');
  });

  // A real node checks ids only after the expected revision, and with any or stream_exists in
  // its cache of written ids (docs/eventstoredb.md, "What the server guarantees").
  it('at the current revision a batch is written without looking at its ids, as a node writes it', () => {
    const log = createStreamLog();
    const [event] = proposed(1) as [ProposedEvent];
    // A command handler whose ids repeat: each append is at the stream's current revision.
    expect(log.append('s', 'no_stream', [event])).toMatchObject({ kind: 'success', written: 1 });
    expect(log.append('s', 0n, [{ ...event, data: new Uint8Array([1]) }])).toMatchObject({ written: 1 });
    expect(log.append('s', 1n, [event])).toMatchObject({ kind: 'success', currentRevision: 2n, written: 1 });
    expect(ids(log.read('s', { from: 'start', direction: 'forwards', count: 10 }))).toEqual([
      event.id,
      event.id,
      event.id,
    ]);
    // Below the current revision the ids at those positions are compared: a replay.
    expect(log.append('s', 0n, [event])).toMatchObject({ kind: 'success', currentRevision: 1n, written: 0 });
    // With any the id is known: a replay, answered with where it was written last.
    expect(log.append('s', 'any', [event])).toMatchObject({
      kind: 'success',
      currentRevision: 2n,
      written: 0,
    });
  });

  it('with any, a batch whose ids are all known is a replay wherever they are; a new first id writes', () => {
    const log = createStreamLog();
    const [a, b, c] = proposed(3) as [ProposedEvent, ProposedEvent, ProposedEvent];
    log.append('s', 'no_stream', [a, b, c]);
    expect(log.append('s', 'any', [a, c])).toMatchObject({
      kind: 'success',
      currentRevision: 2n,
      written: 0,
    });
    expect(log.append('s', 'stream_exists', [c, a])).toMatchObject({ currentRevision: 0n, written: 0 });
    const [x] = proposed(1) as [ProposedEvent];
    expect(log.append('s', 'any', [x, a])).toMatchObject({
      kind: 'success',
      currentRevision: 4n,
      written: 2,
    });
    expect(ids(log.read('s', { from: 'start', direction: 'forwards', count: 10 }))).toEqual([
      a.id,
      b.id,
      c.id,
      x.id,
      a.id,
    ]);
    expect(log.append('s', 'any', [a, ...proposed(1)]).kind).toBe('wrong-expected-version');
  });

  it('stamps created in .NET ticks since the epoch and gives each event a rising position', () => {
    const log = createStreamLog(() => 1_772_841_600_123);
    log.append('a', 'any', proposed(2));
    log.append('b', 'any', proposed(1));
    const a = log.read('a', { from: 'start', direction: 'forwards', count: 10 }) ?? [];
    const b = log.read('b', { from: 'start', direction: 'forwards', count: 10 }) ?? [];
    expect(a.map((event) => event.createdTicks)).toEqual([17_728_416_001_230_000n, 17_728_416_001_230_000n]);
    expect([...a, ...b].map((event) => event.position)).toEqual([0n, 1n, 2n]);
  });
});
