// The fast readers must answer exactly as the codecs and readline do, wherever they answer.
import { fc, test } from '@fast-check/vitest';
import { createLogDecoder, daysFromCivil as domainDaysFromCivil, serializeEvent } from '@tally/domain';
import { arbTallyEvent } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { daysFromCivil } from './civil-days.js';
import { EntityLineReader } from './entity-line.js';
import { EventIdTable } from './event-id-table.js';
import { scanIdHashes } from './id-hash-log.js';
import { IdInterner, idAt, idHash } from './id-interner.js';

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

/** What the reader makes of `line` inside a chunk of other bytes: the event, or undefined. */
function readAt(line: string, before = '', after = ''): ReturnType<EntityLineReader['toEvent']> | undefined {
  const chunk = Buffer.from(`${before}${line}${after}`, 'utf8');
  const start = Buffer.byteLength(before);
  const reader = new EntityLineReader();
  return reader.read(chunk, start, start + Buffer.byteLength(line)) ? reader.toEvent(chunk) : undefined;
}

describe('EntityLineReader', () => {
  test.prop([arbLine], { numRuns: 300 })(
    'whenever it reads a line, the codecs give the same event',
    (line) => {
      const read = readAt(line);
      if (read === undefined) return;
      const decoded = createLogDecoder().decodeLine(line, 1);
      expect(decoded._tag).toBe('Right');
      if (decoded._tag === 'Right') expect(read).toEqual(decoded.right);
    },
  );

  test.prop([arbLine, arbLine], { numRuns: 100 })('reads a line inside a chunk as the line alone', (a, b) => {
    expect(readAt(b, `${a}\n`, '\n')).toEqual(readAt(b));
  });

  test.prop([arbLine], { numRuns: 200 })('hashes and packs the ids as the scan and IdInterner do', (line) => {
    const bytes = Buffer.from(line, 'utf8');
    const reader = new EntityLineReader();
    if (!reader.read(bytes, 0, bytes.length)) return;
    const eventId = bytes.toString('latin1', reader.eventIdStart, reader.eventIdEnd);
    // The hashes of the id as a string: the same id decoded by the codecs meets them.
    expect([reader.eventIdHash, reader.eventIdSecondHash]).toEqual(scanIdHashes(eventId));
    expect(reader.firstHash).toBe(idHash(bytes, reader.firstStart, reader.firstEnd));
    const first = idAt(bytes, reader.firstStart, reader.firstEnd);
    expect([reader.firstLow, reader.firstHigh]).toEqual([first.low, first.high]);
  });

  // Ids of any length and any character: the 4-byte steps of the reader must end, hash and
  // refuse exactly as the byte-by-byte rule says.
  test.prop(
    [
      fc.string({
        // Mostly plain characters, so that a word of four holds one odd character at most.
        unit: fc.oneof(
          {
            weight: 12,
            arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
          },
          {
            weight: 1,
            arbitrary: fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\u0080', '\u00e9', '\u20ac'),
          },
        ),
        maxLength: 41,
      }),
    ],
    {
      numRuns: 500,
    },
  )('reads any id as the plain-string rule says, with the hashes of the string', (id) => {
    const plain =
      id.length > 0 && [...id].every((char) => char >= ' ' && char <= '~' && char !== '"' && char !== '\\');
    const reader = new EntityLineReader();
    const asEventId = Buffer.from(
      `{"type":"DeviceDeactivated","eventId":"${id}","orgId":"acme","occurredAt":"2026-03-07T07:00:00Z","recordedAt":"2026-03-07T07:00:01Z","data":{"deviceId":"d-1"}}`,
    );
    expect(reader.read(asEventId, 0, asEventId.length)).toBe(plain);
    if (plain) expect([reader.eventIdHash, reader.eventIdSecondHash]).toEqual(scanIdHashes(id));
    const asArchiveId = Buffer.from(
      `{"type":"ArchiveCreated","eventId":"e-1","orgId":"${id}","occurredAt":"2026-03-07T07:00:00Z","recordedAt":"2026-03-07T07:00:01Z","data":{"archiveId":"${id}","deviceId":"d-1"}}`,
    );
    expect(reader.read(asArchiveId, 0, asArchiveId.length)).toBe(plain);
    if (plain) {
      const expected = idAt(asArchiveId, reader.firstStart, reader.firstEnd);
      expect(reader.firstEnd - reader.firstStart).toBe(id.length);
      expect([reader.firstHash, reader.firstLow, reader.firstHigh]).toEqual([
        expected.hash,
        expected.low,
        expected.high,
      ]);
      expect(asArchiveId.toString('latin1', reader.orgIdStart, reader.orgIdEnd)).toBe(id);
    }
  });

  it('takes the usual device line, and leaves a reordered one or an unreal date to the codecs', () => {
    const line =
      '{"type":"DeviceActivated","eventId":"e-1","orgId":"acme","occurredAt":"2026-03-07T07:00:00Z","recordedAt":"2026-03-07T07:00:01Z","data":{"deviceId":"d-1","userId":"u-1"}}';
    expect(readAt(line)?.eventId).toBe('e-1');
    expect(
      readAt(
        line.replace('"data":{"deviceId":"d-1","userId":"u-1"}', '"data":{"userId":"u-1","deviceId":"d-1"}'),
      ),
    ).toBeUndefined();
    expect(readAt(line.replace('07T07', '30T07').replace('03-', '02-'))).toBeUndefined();
  });

  it('does not take a date it read before when a digit of the next one is not a digit', () => {
    const line =
      '{"type":"DeviceDeactivated","eventId":"e-1","orgId":"acme","occurredAt":"1999-03-07T07:00:00Z","recordedAt":"1999-03-07T07:00:01Z","data":{"deviceId":"d-1"}}';
    const reader = new EntityLineReader();
    const bytes = Buffer.from(line);
    expect(reader.read(bytes, 0, bytes.length)).toBe(true);
    // "20/9" reads as century 20 and year -1 of it: 1999, the date just read.
    const odd = Buffer.from(line.replace('occurredAt":"1999', 'occurredAt":"20/9'));
    expect(reader.read(odd, 0, odd.length)).toBe(false);
  });
});

describe('daysFromCivil', () => {
  test.prop([
    fc.integer({ min: -2000, max: 12000 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
  ])("is the domain's", (year, month, day) => {
    expect(daysFromCivil(year, month, day)).toBe(domainDaysFromCivil(year, month, day));
  });
});

describe('IdInterner', () => {
  const arbId = fc.oneof(
    fc.string({ unit: 'binary-ascii', maxLength: 6 }),
    fc.string({ unit: 'binary-ascii', minLength: 7, maxLength: 20 }),
  );

  test.prop([fc.array(fc.tuple(arbId, fc.boolean()), { maxLength: 300 }), fc.boolean()], { numRuns: 100 })(
    'numbers ids as a Map would, even when every hash collides',
    (steps, colliding) => {
      const interner = new IdInterner();
      const numbers = new Map<string, number>();
      for (const [id, intern] of steps) {
        const bytes = Buffer.from(id, 'latin1');
        const key = { ...idAt(bytes, 0, bytes.length), ...(colliding ? { hash: 7 } : {}) };
        const known = numbers.get(id) ?? -1;
        expect(interner.find(bytes, key)).toBe(known);
        if (!intern) continue;
        const number = interner.intern(bytes, key);
        expect(number).toBe(known >= 0 ? known : numbers.size);
        if (known < 0) numbers.set(id, number);
      }
      expect(interner.size).toBe(numbers.size);
    },
  );

  it('grows past its first size without losing ids', () => {
    const interner = new IdInterner();
    const ids = Array.from({ length: 50_000 }, (_, i) => Buffer.from(`device-${i}`));
    ids.forEach((id, i) => {
      expect(interner.intern(id, idAt(id, 0, id.length))).toBe(i);
    });
    const probe = Buffer.from('device-31337');
    expect(interner.find(probe, idAt(probe, 0, probe.length))).toBe(31_337);
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
