// A set of small integers with O(1) add, remove and uniform random pick (swap-remove), for the
// generator's "a random active device" and "a random retained archive".
import type { Rng } from './rng.js';

export interface PickSet {
  readonly size: number;
  add(value: number): void;
  remove(value: number): void;
  has(value: number): boolean;
  pick(rng: Rng): number;
}

export function createPickSet(capacity: number): PickSet {
  let items = new Int32Array(Math.max(16, capacity));
  let positions = new Int32Array(Math.max(16, capacity)).fill(-1);
  let size = 0;
  const ensure = (value: number) => {
    if (value < positions.length) return;
    const grown = new Int32Array(Math.max(value + 1, positions.length * 2)).fill(-1);
    grown.set(positions);
    positions = grown;
  };
  return {
    get size() {
      return size;
    },
    add(value) {
      ensure(value);
      if ((positions[value] as number) >= 0) return;
      if (size === items.length) {
        const grown = new Int32Array(items.length * 2);
        grown.set(items);
        items = grown;
      }
      items[size] = value;
      positions[value] = size;
      size++;
    },
    remove(value) {
      const at = value < positions.length ? (positions[value] as number) : -1;
      if (at < 0) return;
      const last = items[size - 1] as number;
      items[at] = last;
      positions[last] = at;
      positions[value] = -1;
      size--;
    },
    has: (value) => value < positions.length && (positions[value] as number) >= 0,
    pick(rng) {
      if (size === 0) throw new Error('pick from an empty set');
      return items[rng.below(size)] as number;
    },
  };
}
