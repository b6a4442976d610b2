// Event id uniqueness over a file in a 12-byte slot per event, the table at most three quarters
// full (16-24 bytes an event), instead of a Map of strings (~100 bytes per event, the largest
// part of the CLI's memory on a million-line log). Each id is kept as two 32-bit hashes and the
// line it was first seen on; when both hashes of a new id match an earlier one, the earlier line
// is read back and its id compared exactly, so a hash collision can cost time but never a wrong
// answer. The three numbers of a slot sit side by side, so a lookup in a table of millions
// touches one cache line, not three.
//
// The slot count is any number, not a power of two: a hash is mapped onto it by multiplying
// (the high bits of hash × slots), and probing wraps at the end. A power of two at most half
// full left a table between a quarter and a half full, twice the memory at worst.

/** The eventId of an earlier, already accepted line. */
export type RecallEventId = (line: number) => string | undefined;

/** Where each event id of a log was first seen: an EventIdTable, or a record kept by whoever
 * read the lines first (a file's reading thread). */
export interface EventIdRecord {
  /** The line `eventId` was first seen on, or 0 when it is new (then it is recorded at `line`). */
  firstSeenAt(eventId: string, line: number): number;
}

const MIN_SLOTS = 64;
/** Grown past this share of slots used: probes stay short (a few slots, one or two cache lines). */
const MAX_LOAD = 0.75;
/** Sized for the caller's estimate at this share, so an estimate a little short does not grow it. */
const SIZED_LOAD = 0.7;
/** Growing by half, not doubling: a table just grown is half full, not three eighths. */
const GROWTH = 1.5;
const FIRST_HASH_SEED = 0x811c9dc5 | 0;
const SECOND_HASH_SEED = 0x9e3779b9 | 0;
/** A slot: first hash, second hash, line (0 = empty: lines count from 1). */
const SLOT_INTS = 3;
const TWO_TO_MINUS_32 = 2 ** -32;

/** The slot of `hash` among `slots`: hash / 2^32 scaled to [0, slots). Past 2^53 the product
 * is rounded, by far less than `slots`, its distance from the next multiple of 2^32. */
const slotOf = (hash: number, slots: number): number => Math.floor((hash >>> 0) * slots * TWO_TO_MINUS_32);

export class EventIdTable implements EventIdRecord {
  private slots: number;
  private used = 0;
  private limit: number;
  private table: Int32Array;

  /** `expectedIds` sizes the table up front (growing it costs a pass over it, and for that pass
   * both tables are held). */
  constructor(
    private readonly recall: RecallEventId,
    expectedIds = 0,
  ) {
    this.slots = Math.max(MIN_SLOTS, Math.ceil(expectedIds / SIZED_LOAD));
    this.limit = Math.floor(this.slots * MAX_LOAD);
    this.table = new Int32Array(this.slots * SLOT_INTS);
  }

  /** How many slots the table has (for tests). */
  get slotCount(): number {
    return this.slots;
  }

  /** The line `eventId` was first seen on, or 0 when it is new (then it is recorded at `line`). */
  firstSeenAt(eventId: string, line: number): number {
    // Both hashes in one loop, kept in locals (a returned pair was an allocation an event).
    let first = FIRST_HASH_SEED;
    let second = SECOND_HASH_SEED;
    for (let i = 0; i < eventId.length; i++) {
      const code = eventId.charCodeAt(i);
      first = Math.imul(first ^ code, 0x01000193);
      second = Math.imul(second ^ code, 0x5bd1e995) ^ (second >>> 15);
    }
    return this.firstSeenHashed(first, second ^ eventId.length, line, eventId);
  }

  /** `firstSeenAt` for `eventId` given its two hashes: public so that tests can force collisions. */
  firstSeenHashed(first: number, second: number, line: number, eventId: string): number {
    const table = this.table;
    const slots = this.slots;
    let slot = slotOf(first, slots);
    for (;;) {
      const at = slot * SLOT_INTS;
      const earlier = table[at + 2] as number;
      if (earlier === 0) break;
      if (table[at] === first && table[at + 1] === second && this.recall(earlier) === eventId) return earlier;
      slot += 1;
      if (slot === slots) slot = 0;
    }
    const at = slot * SLOT_INTS;
    table[at] = first;
    table[at + 1] = second;
    table[at + 2] = line;
    this.used += 1;
    if (this.used > this.limit) this.grow();
    return 0;
  }

  private grow(): void {
    const old = this.table;
    const slots = Math.ceil(this.slots * GROWTH);
    const table = new Int32Array(slots * SLOT_INTS);
    for (let from = 0; from < old.length; from += SLOT_INTS) {
      const line = old[from + 2] as number;
      if (line === 0) continue;
      const first = old[from] as number;
      let slot = slotOf(first, slots);
      while (table[slot * SLOT_INTS + 2] !== 0) {
        slot += 1;
        if (slot === slots) slot = 0;
      }
      const at = slot * SLOT_INTS;
      table[at] = first;
      table[at + 1] = old[from + 1] as number;
      table[at + 2] = line;
    }
    this.slots = slots;
    this.limit = Math.floor(slots * MAX_LOAD);
    this.table = table;
  }
}
