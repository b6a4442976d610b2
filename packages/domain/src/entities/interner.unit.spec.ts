import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { IdInterner } from './interner.js';

// An interner filled by addAll (a snapshot's, its Map built later) or cloned answers every find
// and add as one filled id by id does, before and after its Map is built.
const operations = fc.array(
  fc.oneof(fc.record({ find: fc.string({ maxLength: 3 }) }), fc.record({ add: fc.string({ maxLength: 3 }) })),
  { maxLength: 40 },
);

describe('IdInterner', () => {
  test.prop([fc.uniqueArray(fc.string({ maxLength: 3 }), { maxLength: 30 }), operations], { numRuns: 200 })(
    'addAll and clone number and find ids as add does',
    (initial, steps) => {
      const reference = new IdInterner();
      for (const id of initial) reference.add(id);
      const adopted = new IdInterner();
      adopted.addAll(initial);
      // A clone of each: one whose Map is not built yet, one whose Map is.
      const cloned = adopted.clone();
      const indexedClone = reference.clone();
      for (const step of steps) {
        if ('find' in step) {
          const expected = reference.find(step.find);
          expect(adopted.find(step.find)).toBe(expected);
          expect(cloned.find(step.find)).toBe(expected);
          expect(indexedClone.find(step.find)).toBe(expected);
        } else if (reference.find(step.add) === -1) {
          const expected = reference.add(step.add);
          expect(adopted.add(step.add)).toBe(expected);
          expect(cloned.add(step.add)).toBe(expected);
          expect(indexedClone.add(step.add)).toBe(expected);
        }
      }
      expect(adopted.ids).toEqual(reference.ids);
      expect(cloned.ids).toEqual(reference.ids);
      expect(indexedClone.ids).toEqual(reference.ids);
    },
  );

  test.prop([fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 20 })])(
    'addAll refuses an interner that holds ids',
    (ids) => {
      const interner = new IdInterner();
      interner.add('x');
      expect(() => interner.addAll(ids)).toThrow(/empty interner/);
    },
  );
});
