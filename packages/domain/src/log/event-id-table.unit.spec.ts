import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { EventIdTable } from './event-id-table.js';

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

  it('is sized for its estimate at most 0.7 full, not to a power of two', () => {
    expect(new EventIdTable(() => undefined, 2_000_000).slotCount).toBe(2_857_143);
    expect(new EventIdTable(() => undefined, 0).slotCount).toBe(64);
  });

  // Hashes drawn from a few values, so that most ids share both hashes with earlier ones and
  // only the recall tells them apart; the estimate is drawn too, so the table starts at sizes
  // that are no power of two and grows (by half) several times. Every recall is of a line that
  // holds an id whose hashes matched, and only then.
  const hashed = fc.record({ id: fc.string({ maxLength: 4 }), first: fc.integer({ min: -3, max: 3 }) });
  test.prop([fc.array(hashed, { maxLength: 600 }), fc.integer({ min: 0, max: 200 }), fc.boolean()], {
    numRuns: 200,
  })(
    'with hashes forced to collide, answers as a Map does and recalls only matching lines',
    (steps, expected, spread) => {
      const lines: string[] = [];
      const hashesOf = new Map<string, readonly [number, number]>();
      let recalls = 0;
      const recall = (line: number) => {
        recalls += 1;
        return lines[line - 1];
      };
      const table = new EventIdTable(recall, expected);
      const seen = new Map<string, number>();
      for (const { id, first } of steps) {
        // One id always has the same hashes. Unspread, first hashes are -3..3: as unsigned, 0..3
        // and 2^32-3..2^32-1, the first and last slots (where probing wraps); spread, they are
        // apart across the range.
        const hashes = hashesOf.get(id) ?? ([spread ? first * 0x2aaaaaaa : first, id.length % 2] as const);
        hashesOf.set(id, hashes);
        const line = lines.length + 1;
        const before = recalls;
        const got = table.firstSeenHashed(hashes[0], hashes[1], line, id);
        const matching = [...seen.keys()].filter((other) => {
          const its = hashesOf.get(other) as readonly [number, number];
          return its[0] === hashes[0] && its[1] === hashes[1];
        });
        expect(got).toBe(seen.get(id) ?? 0);
        // A repeat stops at its own line; a new id recalls every earlier id with its hashes.
        if (got === 0) expect(recalls - before).toBe(matching.length);
        else expect(recalls - before).toBeLessThanOrEqual(matching.length);
        if (got === 0) {
          seen.set(id, line);
          lines.push(id);
        } else {
          lines.push(`${id}\u0000repeated`);
        }
      }
      expect(table.slotCount).toBeGreaterThanOrEqual(seen.size / 0.75);
    },
  );

  test.prop([fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 3000 }), fc.nat(3000)], {
    numRuns: 30,
  })('never reports a new id as repeated, whatever its estimate', (ids, expected) => {
    const table = new EventIdTable((line) => ids[line - 1], expected);
    ids.forEach((id, i) => {
      expect(table.firstSeenAt(id, i + 1)).toBe(0);
    });
    ids.forEach((id, i) => {
      expect(table.firstSeenAt(id, ids.length + i + 1)).toBe(i + 1);
    });
  });
});
