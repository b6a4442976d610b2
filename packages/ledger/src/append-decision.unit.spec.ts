import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { actualRevision, decideAppend, expectationHolds, type StreamIds } from './append-decision.js';
import { type ExpectedRevision, WrongExpectedRevisionError } from './port.js';
import { DuplicateEventIdError } from './store-errors.js';

const streamOf = (ids: readonly string[]): StreamIds => ({
  length: ids.length,
  idAt: (revision) => ids[revision],
  revisionOf: (id) => {
    const index = ids.indexOf(id);
    return index === -1 ? undefined : index;
  },
});

const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('expectationHolds', () => {
  it.each<[ExpectedRevision, bigint | 'no_stream', boolean]>([
    ['any', 'no_stream', true],
    ['any', 3n, true],
    ['no_stream', 'no_stream', true],
    ['no_stream', 0n, false],
    ['stream_exists', 'no_stream', false],
    ['stream_exists', 0n, true],
    [2n, 2n, true],
    [2n, 1n, false],
    [2n, 3n, false],
    [0n, 'no_stream', false],
  ])('expected %s against actual %s: %s', (expected, actual, holds) => {
    expect(expectationHolds(expected, actual)).toBe(holds);
  });
});

describe('actualRevision', () => {
  it('is no_stream for a missing or empty stream and the last index otherwise', () => {
    expect(actualRevision(undefined)).toBe('no_stream');
    expect(actualRevision(streamOf([]))).toBe('no_stream');
    expect(actualRevision(streamOf(['a', 'b', 'c']))).toBe(2n);
  });
});

describe('decideAppend', () => {
  it('appends new ids when the expectation holds', () => {
    expect(decideAppend('s', undefined, ['a'], 'no_stream')).toEqual({ kind: 'append' });
    expect(decideAppend('s', streamOf(['a']), ['b'], 0n)).toEqual({ kind: 'append' });
  });

  it('replays a batch found at the position an exact revision names, even behind the end', () => {
    const stream = streamOf(['a', 'b', 'c', 'd']);
    expect(decideAppend('s', stream, ['b', 'c'], 0n)).toEqual({ kind: 'replay', lastRevision: 2n });
    expect(decideAppend('s', stream, ['a', 'b'], 'no_stream')).toEqual({ kind: 'replay', lastRevision: 1n });
    expect(decideAppend('s', stream, ['c', 'd'], 'any')).toEqual({ kind: 'replay', lastRevision: 3n });
    expect(decideAppend('s', stream, ['c'], 'stream_exists')).toEqual({ kind: 'replay', lastRevision: 2n });
  });

  it('refuses a retry whose ids only partly match with WrongExpectedRevisionError', () => {
    const error = thrown(() => decideAppend('s', streamOf(['a', 'b']), ['a', 'x'], 'no_stream'));
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ expected: 'no_stream', actual: 1n, streamName: 's' });
  });

  it('refuses an id the stream already holds beside new ones when the expectation holds', () => {
    const error = thrown(() => decideAppend('s', streamOf(['a', 'b']), ['x', 'a'], 1n));
    expect(error).toBeInstanceOf(DuplicateEventIdError);
    expect(error).toMatchObject({ eventId: 'a', existingRevision: 0n, code: 'DuplicateEventId' });
    const anyError = thrown(() => decideAppend('s', streamOf(['a', 'b']), ['b', 'x'], 'any'));
    expect(anyError).toMatchObject({ eventId: 'b', existingRevision: 1n });
  });

  it('refuses a batch that repeats an id', () => {
    const error = thrown(() => decideAppend('s', undefined, ['a', 'b', 'a'], 'any'));
    expect(error).toBeInstanceOf(DuplicateEventIdError);
    expect(error).toMatchObject({ eventId: 'a', existingRevision: null });
  });

  it('refuses an empty batch and a negative revision with RangeError', () => {
    expect(() => decideAppend('s', undefined, [], 'any')).toThrow(RangeError);
    expect(() => decideAppend('s', streamOf(['a']), ['b'], -1n)).toThrow(/negative/);
  });

  const idsArb = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 });

  test.prop([idsArb, fc.nat(), fc.nat()], { numRuns: 150 })(
    'any contiguous slice of a stream, retried with the revision before it, is a replay ending at its last id',
    (ids, a, b) => {
      const start = a % ids.length;
      const end = start + 1 + (b % (ids.length - start));
      const expected: ExpectedRevision = start === 0 ? 'no_stream' : BigInt(start - 1);
      const decision = decideAppend('s', streamOf(ids), ids.slice(start, end), expected);
      expect(decision).toEqual({ kind: 'replay', lastRevision: BigInt(end - 1) });
    },
  );

  test.prop([idsArb, fc.string({ minLength: 1, maxLength: 6 })], { numRuns: 150 })(
    'a fresh id appends only with an expectation that matches the stream',
    (ids, fresh) => {
      fc.pre(!ids.includes(fresh));
      const stream = streamOf(ids);
      const last = BigInt(ids.length - 1);
      expect(decideAppend('s', stream, [fresh], last)).toEqual({ kind: 'append' });
      expect(decideAppend('s', stream, [fresh], 'stream_exists')).toEqual({ kind: 'append' });
      expect(thrown(() => decideAppend('s', stream, [fresh], 'no_stream'))).toMatchObject({ actual: last });
      expect(thrown(() => decideAppend('s', stream, [fresh], last + 1n))).toMatchObject({ actual: last });
    },
  );
});
