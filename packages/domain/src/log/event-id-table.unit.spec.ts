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
});
