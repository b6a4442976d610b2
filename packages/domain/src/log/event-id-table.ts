// Event id uniqueness over a file in a 12-byte slot per event (a table at most half full: 24-48
// bytes an event) instead of a Map of strings (~100 bytes per event, the largest part of the
// CLI's memory on a million-line log). Each id is kept as two 32-bit hashes and the line it was
// first seen on; when both hashes of a new id match an earlier one, the earlier line is read
// back and its id compared exactly, so a hash collision can cost time but never a wrong answer.
// The three numbers of a slot sit side by side, so a lookup in a table of millions touches one
// cache line, not three.

/** The eventId of an earlier, already accepted line. */
export type RecallEventId = (line: number) => string | undefined;

const MIN_SLOTS = 1 << 16;
const FIRST_HASH_SEED = 0x811c9dc5 | 0;
const SECOND_HASH_SEED = 0x9e3779b9 | 0;
/** A slot: first hash, second hash, line (0 = empty: lines count from 1). */
const SLOT_INTS = 3;

export class EventIdTable {
  private slots: number;
  private used = 0;
  private table: Int32Array;

  /** `expectedIds` sizes the table up front (growing it costs a pass over it). */
  constructor(
    private readonly recall: RecallEventId,
    expectedIds = 0,
  ) {
    this.slots = MIN_SLOTS;
    while (this.slots < expectedIds * 2) this.slots *= 2;
    this.table = new Int32Array(this.slots * SLOT_INTS);
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
    return this.place(first, second ^ eventId.length, line, eventId);
  }

  /** Finds `eventId`, hashed to `first` and `second`, or records it at `line`. */
  private place(first: number, second: number, line: number, eventId: string): number {
    const table = this.table;
    const mask = this.slots - 1;
    let slot = (first ^ (first >>> 16)) & mask;
    for (;;) {
      const at = slot * SLOT_INTS;
      const earlier = table[at + 2] as number;
      if (earlier === 0) break;
      if (table[at] === first && table[at + 1] === second && this.recall(earlier) === eventId) return earlier;
      slot = (slot + 1) & mask;
    }
    const at = slot * SLOT_INTS;
    table[at] = first;
    table[at + 1] = second;
    table[at + 2] = line;
    this.used += 1;
    // At most half full, so a probe ends after a slot or two.
    if (this.used * 2 > this.slots) this.grow();
    return 0;
  }

  private grow(): void {
    const old = this.table;
    this.slots *= 2;
    this.table = new Int32Array(this.slots * SLOT_INTS);
    const mask = this.slots - 1;
    for (let from = 0; from < old.length; from += SLOT_INTS) {
      const line = old[from + 2] as number;
      if (line === 0) continue;
      const first = old[from] as number;
      let slot = (first ^ (first >>> 16)) & mask;
      while (this.table[slot * SLOT_INTS + 2] !== 0) slot = (slot + 1) & mask;
      const at = slot * SLOT_INTS;
      this.table[at] = first;
      this.table[at + 1] = old[from + 1] as number;
      this.table[at + 2] = line;
    }
  }
}
