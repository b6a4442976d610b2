// Event id uniqueness over a file in 12 bytes per event instead of a Map of strings (~100 bytes
// per event, the largest part of the CLI's memory on a million-line log). Each id is kept as
// two 32-bit hashes and the line it was first seen on; when both hashes of a new id match an
// earlier one, the earlier line is read back and its id compared exactly, so a hash collision
// can cost time but never a wrong answer.

/** The eventId of an earlier, already accepted line. */
export type RecallEventId = (line: number) => string | undefined;

const INITIAL_SLOTS = 1 << 16;

export class EventIdTable {
  private slots = INITIAL_SLOTS;
  private used = 0;
  private firstHashes = new Int32Array(INITIAL_SLOTS);
  private secondHashes = new Int32Array(INITIAL_SLOTS);
  /** 0 = empty slot (lines count from 1). */
  private lines = new Int32Array(INITIAL_SLOTS);

  constructor(private readonly recall: RecallEventId) {}

  /** The line `eventId` was first seen on, or 0 when it is new (then it is recorded at `line`). */
  firstSeenAt(eventId: string, line: number): number {
    let first = 0x811c9dc5 | 0;
    let second = 0x9e3779b9 | 0;
    for (let i = 0; i < eventId.length; i++) {
      const code = eventId.charCodeAt(i);
      first = Math.imul(first ^ code, 0x01000193);
      second = Math.imul(second ^ code, 0x5bd1e995) ^ (second >>> 15);
    }
    second ^= eventId.length;
    const mask = this.slots - 1;
    let slot = (first ^ (first >>> 16)) & mask;
    for (;;) {
      const earlier = this.lines[slot] as number;
      if (earlier === 0) break;
      if (
        this.firstHashes[slot] === first &&
        this.secondHashes[slot] === second &&
        this.recall(earlier) === eventId
      ) {
        return earlier;
      }
      slot = (slot + 1) & mask;
    }
    this.firstHashes[slot] = first;
    this.secondHashes[slot] = second;
    this.lines[slot] = line;
    this.used += 1;
    // At most half full, so a probe ends after a slot or two.
    if (this.used * 2 > this.slots) this.grow();
    return 0;
  }

  private grow(): void {
    const { firstHashes, secondHashes, lines } = this;
    this.slots *= 2;
    this.firstHashes = new Int32Array(this.slots);
    this.secondHashes = new Int32Array(this.slots);
    this.lines = new Int32Array(this.slots);
    const mask = this.slots - 1;
    for (let from = 0; from < lines.length; from++) {
      const line = lines[from] as number;
      if (line === 0) continue;
      const first = firstHashes[from] as number;
      let slot = (first ^ (first >>> 16)) & mask;
      while (this.lines[slot] !== 0) slot = (slot + 1) & mask;
      this.firstHashes[slot] = first;
      this.secondHashes[slot] = secondHashes[from] as number;
      this.lines[slot] = line;
    }
  }
}
