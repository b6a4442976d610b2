// The adapter's own append decision (appendRule.ts) over a fake stream: the ledger's rule, and
// the reads it costs (none when what it knows is what the caller expects).
import { DuplicateEventIdError, type RecordedEvent, WrongExpectedRevisionError } from '@tally/ledger';
import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../../testing/src/contract/index.js';
import { createAppendRule } from './appendRule.js';

const STREAM = 'tally-org-rule';

/** A stream held here, as a server would, and the reads the rule made of it. */
function fakeStream() {
  const records: RecordedEvent[] = [];
  const reads: { from: bigint; count: number }[] = [];
  const rule = createAppendRule(async (_, from, count) => {
    reads.push({ from, count });
    return records.slice(Number(from), Number(from) + count);
  }, 2);
  /** What another writer (or this adapter, after the rule said so) put in the stream. */
  const write = (events: ReturnType<typeof sampleEvents>) => {
    for (const event of events) {
      records.push({ streamName: STREAM, revision: BigInt(records.length), event });
    }
    return BigInt(records.length - 1);
  };
  return { records, reads, rule, write };
}

describe('the adapter decides appends with the ledger rule', () => {
  it('reads a stream once, on the first append, then only what it does not know', async () => {
    const { reads, rule, write } = fakeStream();
    const first = sampleEvents('rule', 3);
    expect(
      (
        await rule.decide(
          STREAM,
          first.map((e) => e.eventId),
          'no_stream',
        )
      ).decision.kind,
    ).toBe('append');
    rule.written(
      STREAM,
      first.map((e) => e.eventId),
      write(first),
    );
    expect(reads).toEqual([{ from: 0n, count: 2 }]);
    // What it knows is what the caller expects: no read.
    const next = sampleEvents('rule', 2, 3);
    expect(
      (
        await rule.decide(
          STREAM,
          next.map((e) => e.eventId),
          2n,
        )
      ).decision.kind,
    ).toBe('append');
    rule.written(
      STREAM,
      next.map((e) => e.eventId),
      write(next),
    );
    expect(reads).toHaveLength(1);
    // Another writer appends; the caller, having read the stream some other way, expects more.
    write(sampleEvents('rule', 2, 5));
    const later = sampleEvents('rule', 1, 7);
    expect(
      (
        await rule.decide(
          STREAM,
          later.map((e) => e.eventId),
          6n,
        )
      ).decision.kind,
    ).toBe('append');
    expect(reads.slice(1)).toEqual([
      { from: 5n, count: 2 },
      { from: 7n, count: 2 },
    ]);
  });

  it('refuses an id the stream holds, at its current revision, even one another writer wrote', async () => {
    const { rule, write } = fakeStream();
    const events = sampleEvents('rule', 4);
    write(events);
    const reused = { ...sampleEvents('rule', 1, 9)[0], eventId: events[2]?.eventId as string };
    await expect(rule.decide(STREAM, [reused.eventId], 3n)).rejects.toThrow(DuplicateEventIdError);
    await expect(rule.decide(STREAM, [reused.eventId], 3n)).rejects.toMatchObject({ existingRevision: 2n });
  });

  it('recognises a replay at the position its expectation names, and hands over the stored events', async () => {
    const { rule, write } = fakeStream();
    const events = sampleEvents('rule', 4);
    write(events);
    const ids = events.slice(1, 3).map((e) => e.eventId);
    const { decision, stored } = await rule.decide(STREAM, ids, 0n);
    expect(decision).toEqual({ kind: 'replay', lastRevision: 2n });
    expect([...stored.keys()]).toEqual([1n, 2n]);
    expect(stored.get(1n)?.event).toEqual(events[1]);
    // The same ids one place off are not a replay there, and the expectation does not hold.
    await expect(rule.decide(STREAM, ids, 1n)).rejects.toThrow(WrongExpectedRevisionError);
  });

  it('learns the events its reads hand out, so reading then appending costs no read', async () => {
    const { reads, rule, write } = fakeStream();
    const events = sampleEvents('rule', 3);
    await rule.decide(STREAM, [events[0]?.eventId as string], 'no_stream');
    rule.written(STREAM, [events[0]?.eventId as string], write(events.slice(0, 1)));
    const byOther = events.slice(1);
    write(byOther);
    rule.observed(
      STREAM,
      byOther.map((event, i) => ({ streamName: STREAM, revision: BigInt(i + 1), event })),
    );
    const before = reads.length;
    const next = sampleEvents('rule', 1, 3);
    expect(
      (
        await rule.decide(
          STREAM,
          next.map((e) => e.eventId),
          2n,
        )
      ).decision.kind,
    ).toBe('append');
    expect(reads).toHaveLength(before);
    // A repeat of an id it learned from the read is refused without reading either.
    await expect(rule.decide(STREAM, [byOther[0]?.eventId as string], 2n)).rejects.toThrow(
      DuplicateEventIdError,
    );
  });

  it('decides `any` on a stream it knows without reading, writing it as the revision it knows', async () => {
    const { reads, rule, write } = fakeStream();
    const first = sampleEvents('rule', 3);
    const ids = first.map((e) => e.eventId);
    // Nothing known yet: read, and the caller's own expectation goes on the wire.
    expect((await rule.decide(STREAM, ids, 'any')).wire).toBe('any');
    rule.written(STREAM, ids, write(first));
    const before = reads.length;
    const next = sampleEvents('rule', 2, 3).map((e) => e.eventId);
    const known = await rule.decide(STREAM, next, 'any');
    expect(known.decision.kind).toBe('append');
    expect(known.wire).toBe(2n);
    expect((await rule.decide(STREAM, next, 'stream_exists')).wire).toBe(2n);
    expect(reads).toHaveLength(before);
    // The server refused that write (another writer came first): read on, and send `any` again.
    write(sampleEvents('rule', 2, 7));
    const refreshed = await rule.decide(STREAM, next, 'any', true);
    expect(refreshed.wire).toBe('any');
    expect(reads.slice(before)).toEqual([
      { from: 3n, count: 2 },
      { from: 5n, count: 2 },
    ]);
  });
});
