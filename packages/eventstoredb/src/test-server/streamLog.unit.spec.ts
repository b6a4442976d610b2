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
