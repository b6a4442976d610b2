import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
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
      expect(adopted.toArray()).toEqual(reference.toArray());
      expect(cloned.toArray()).toEqual(reference.toArray());
      expect(indexedClone.toArray()).toEqual(reference.toArray());
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

  // Short ids are found by their packed characters, others by their key: ids drawn around every
  // edge of "short" (lengths 0, 8 and 9; U+0000, U+00FF and U+0100; shared prefixes), enough of
  // them that the table grows, answer as a Map does.
  const edgeId = fc.string({
    unit: fc.constantFrom('a', 'b', '-', '1', '\u0000', '\u00e9', '\u00ff', '\u0100', '\ud83d'),
    maxLength: 10,
  });
  test.prop([fc.array(edgeId, { maxLength: 300 }), fc.array(edgeId, { maxLength: 100 })], { numRuns: 300 })(
    'finds every added id and no other, as a Map does',
    (added, looked) => {
      const interner = new IdInterner();
      const reference = new Map<string, number>();
      for (const id of added) {
        expect(interner.find(id)).toBe(reference.get(id) ?? -1);
        if (!reference.has(id)) reference.set(id, interner.add(id));
      }
      const clone = interner.clone();
      for (const id of [...added, ...looked]) {
        expect(interner.find(id)).toBe(reference.get(id) ?? -1);
        expect(clone.find(id)).toBe(reference.get(id) ?? -1);
      }
    },
  );

  // A short id is kept as packed characters only, made into a string again by idOf: any string
  // (short, long, empty, NUL, characters past U+00FF, lone surrogates) comes back as given,
  // from the interner, its clone, one filled by addAll (before and after its table is built)
  // and one assigned from it.
  const anyId = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.string({
      unit: fc.constantFrom('\u0000', '\u0001', 'd', '-', '7', '\u00ff', '\u0100', '\ud83d'),
      maxLength: 9,
    }),
  );
  test.prop([fc.uniqueArray(anyId, { maxLength: 200 })], { numRuns: 300 })(
    'idOf gives back every id added, and find its number, in every copy',
    (ids) => {
      const added = new IdInterner();
      for (const id of ids) added.add(id);
      const adopted = new IdInterner();
      adopted.addAll(ids);
      const assigned = new IdInterner();
      assigned.assign(adopted);
      const copies = [added, added.clone(), adopted, assigned, adopted.clone()];
      for (const interner of copies) {
        expect(interner.size).toBe(ids.length);
        expect(interner.toArray()).toEqual(ids);
        ids.forEach((id, number) => {
          expect(interner.idOf(number)).toBe(id);
          expect(interner.find(id)).toBe(number);
          expect(interner.find(interner.idOf(number))).toBe(number);
        });
      }
    },
  );

  it('finds every id of a table grown many times (slot counts no power of two)', () => {
    const ids = Array.from({ length: 30_000 }, (_, i) => (i % 3 === 0 ? `device-${i}` : `d-${i}`));
    const interner = new IdInterner();
    const wrong: string[] = [];
    ids.forEach((id, i) => {
      if (interner.find(id) !== -1 || interner.add(id) !== i) wrong.push(id);
    });
    const adopted = new IdInterner();
    adopted.addAll(ids);
    for (const copy of [interner, interner.clone(), adopted]) {
      ids.forEach((id, i) => {
        if (copy.find(id) !== i || copy.idOf(i) !== id) wrong.push(id);
      });
      expect(copy.find('d-30001')).toBe(-1);
      expect(copy.find('device-30003')).toBe(-1);
    }
    expect(wrong).toEqual([]);
  });

  it('assign refuses an interner that holds ids', () => {
    const interner = new IdInterner();
    interner.add('x');
    expect(() => interner.assign(new IdInterner())).toThrow(/empty interner/);
  });

  // Pairs whose hashes are equal (found by search), so only the packed characters or the key
  // can tell them apart: two short ids, a short and a long one, two long ones.
  test.each([
    ['gvgppfhr', 'rautwzkl'],
    ['d-631640', 'd-1018317'],
    ['device-090365', 'device-1056099'],
  ])('tells %s from %s, whose hashes are equal', (one, other) => {
    const interner = new IdInterner();
    const number = interner.add(one);
    expect(interner.find(other)).toBe(-1);
    expect(interner.find(one)).toBe(number);
    expect(interner.find(other)).toBe(-1);
    const otherNumber = interner.add(other);
    expect([interner.find(one), interner.find(other)]).toEqual([number, otherNumber]);
  });
});
