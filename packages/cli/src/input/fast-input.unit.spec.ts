// The fast readers must answer exactly as the codecs and readline do, wherever they answer.
import { fc, test } from '@fast-check/vitest';
import { createLogDecoder, serializeEvent } from '@tally/domain';
import { arbTallyEvent } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { EventIdTable } from './event-id-table.js';
import { BillingFactSieve } from './file-invoices.js';
import { LineEventMatcher } from './line-event.js';

const BILLING_FACTS = [
  'OrganizationRegistered',
  'SubscriptionStarted',
  'SubscriptionRenewed',
  'SubscriptionCanceled',
];

/** A serialized event, sometimes with a few characters replaced or inserted. */
const arbLine = fc
  .tuple(
    arbTallyEvent(),
    fc.nat(),
    fc.constantFrom('', '"', '\\', ' ', 'x', '\u00e9', '}', '"type":"SubscriptionStarted",'),
    fc.boolean(),
  )
  .map(([event, at, piece, insert]) => {
    const line = serializeEvent(event);
    if (piece === '') return line;
    const i = at % (line.length + 1);
    return line.slice(0, i) + piece + line.slice(insert ? i : i + 1);
  });

describe('LineEventMatcher', () => {
  test.prop([arbLine], { numRuns: 300 })('whenever it answers, the codecs give the same event', (line) => {
    const matched = new LineEventMatcher().match(line);
    if (matched === undefined) return;
    const decoded = createLogDecoder().decodeLine(line, 1);
    expect(decoded._tag).toBe('Right');
    if (decoded._tag === 'Right') expect(matched).toEqual(decoded.right);
  });

  test.prop([arbLine, arbLine], { numRuns: 100 })('reads a line inside a chunk as the line alone', (a, b) => {
    const chunk = `${a}\n${b}\n`;
    expect(new LineEventMatcher().match(chunk, a.length + 1, a.length + 1 + b.length)).toEqual(
      new LineEventMatcher().match(b),
    );
  });

  it('takes the usual device line, and leaves a reordered one to the codecs', () => {
    const line =
      '{"type":"DeviceActivated","eventId":"e-1","orgId":"acme","occurredAt":"2026-03-07T07:00:00Z","recordedAt":"2026-03-07T07:00:01Z","data":{"deviceId":"d-1","userId":"u-1"}}';
    expect(new LineEventMatcher().match(line)?.eventId).toBe('e-1');
    expect(
      new LineEventMatcher().match(
        line.replace('"data":{"deviceId":"d-1","userId":"u-1"}', '"data":{"userId":"u-1","deviceId":"d-1"}'),
      ),
    ).toBeUndefined();
    expect(
      new LineEventMatcher().match(line.replace('07T07', '30T07').replace('03-', '02-')),
    ).toBeUndefined();
  });
});

describe('BillingFactSieve', () => {
  test.prop([arbLine], { numRuns: 300 })('never skips a line that decodes to a billing fact', (line) => {
    const decoded = createLogDecoder().decodeLine(line, 1);
    const isFact = decoded._tag === 'Right' && BILLING_FACTS.includes(decoded.right.type);
    if (new BillingFactSieve().surelyNot(line, 0, line.length)) expect(isFact).toBe(false);
  });

  it('does not skip a device line with a second "type" key', () => {
    const line = '{"type":"DeviceActivated","eventId":"e","type":"SubscriptionStarted"}';
    expect(new BillingFactSieve().surelyNot(line, 0, line.length)).toBe(false);
    const plain = '{"type":"DeviceActivated","eventId":"e"}';
    expect(new BillingFactSieve().surelyNot(plain, 0, plain.length)).toBe(true);
  });
});

describe('EventIdTable', () => {
  test.prop([fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 })], { numRuns: 100 })(
    'finds the first line of every repeated id, as a Map would',
    (ids) => {
      const recall = (line: number) => ids[line - 1];
      const table = new EventIdTable(recall);
      const seen = new Map<string, number>();
      ids.forEach((id, index) => {
        const line = index + 1;
        const expected = seen.get(id) ?? 0;
        const got = table.firstSeenAt(id, line);
        expect(got).toBe(expected);
        // A repeated id is reported and, like the checker, not recorded again.
        if (expected === 0) seen.set(id, line);
        else ids[index] = `${id}\u0000dup${index}`;
      });
    },
  );

  it('grows past its first size without losing ids', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => `id-${i}`);
    const table = new EventIdTable((line) => ids[line - 1]);
    ids.forEach((id, i) => {
      expect(table.firstSeenAt(id, i + 1)).toBe(0);
    });
    expect(table.firstSeenAt('id-123456', 200_001)).toBe(123_457);
  });
});
