// A small seeded PRNG (mulberry32): the same seed gives the same organization on every machine.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  below(n: number): number;
  /** A UUID-shaped id (version 4 layout) drawn from the generator. */
  uuid(): string;
}

const hex = (value: number, width: number): string => value.toString(16).padStart(width, '0');

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => nextUint32() / 4_294_967_296;
  return {
    next,
    below: (n) => Math.floor(next() * n),
    uuid: () => {
      const a = nextUint32();
      const b = nextUint32();
      const c = nextUint32();
      const d = nextUint32();
      const variant = (8 + (c >>> 30)).toString(16);
      return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b & 0xfff, 3)}-${variant}${hex((c >>> 16) & 0xfff, 3)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`;
    },
  };
}
