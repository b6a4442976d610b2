// Dense numbers for the ids of one kind of entity (devices, archives or users of one org): the
// timeline indexes flat arrays by them, so an event costs one lookup per id.
//
// The lookup is an open-addressed table of 32-bit words, not a Map: the ids a decoder hands over
// are fresh strings, and a Map compares each one with its key string, a read of another object
// (another cache miss) for every event. A slot holds the id's hash and number and, for a short id
// (1 to 8 characters, each U+0001..U+00FF: `d-12345`, `a-123456`), its characters packed into
// two words, so finding it reads the one slot and never the key. Any other id is compared with
// its key. Measured in docs/performance.md ("Ids found without reading their key").
//
// An interner read back from a snapshot (`addAll`) does not build its table at once: hashing a
// large org's hundreds of thousands of ids was most of a cold start's decode, while its first
// command looks up one or two. Its first finds scan the list (ids are unique, so the scan finds
// what the table would), and the table is built at the find after those.
const SCANS_BEFORE_INDEX = 8;

/** A slot: hash, number + 1 (0: empty), then the packed characters of a short id (0, 0 for any
 * other id: a short id's first word is never 0, its first character being at least 1). */
const SLOT_WORDS = 4;
const MIN_SLOTS = 16;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

// The hash and packed words of the id looked up last, set by `describe` (locals of the caller
// would need an allocation per id to be returned).
let hashOf = 0;
let firstWord = 0;
let secondWord = 0;

/** Sets hashOf, firstWord and secondWord for `id`. */
function describe(id: string): void {
  const length = id.length;
  let hash = FNV_OFFSET;
  let first = 0;
  let second = 0;
  let short = length >= 1 && length <= 8;
  for (let i = 0; i < length; i++) {
    const code = id.charCodeAt(i);
    hash = Math.imul(hash ^ code, FNV_PRIME);
    if (i < 4) first |= code << (i * 8);
    else if (i < 8) second |= code << ((i - 4) * 8);
    if (code === 0 || code > 0xff) short = false;
  }
  hashOf = hash ^ length;
  firstWord = short ? first : 0;
  secondWord = short ? second : 0;
}

class IdTable {
  private slots = MIN_SLOTS;
  private used = 0;
  private words = new Int32Array(MIN_SLOTS * SLOT_WORDS);

  /** The number of the id `describe` was last called with, or -1. */
  find(id: string, ids: readonly string[]): number {
    const words = this.words;
    const mask = this.slots - 1;
    let slot = (hashOf ^ (hashOf >>> 15)) & mask;
    for (;;) {
      const at = slot * SLOT_WORDS;
      const plusOne = words[at + 1] as number;
      if (plusOne === 0) return -1;
      if (
        words[at] === hashOf &&
        words[at + 2] === firstWord &&
        words[at + 3] === secondWord &&
        (firstWord !== 0 || ids[plusOne - 1] === id)
      ) {
        return plusOne - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Records the id `describe` was last called with as `number` (the caller checked it is new). */
  add(number: number): void {
    this.place(hashOf, number + 1, firstWord, secondWord);
    this.used += 1;
    // At most half full, so a probe ends after a slot or two.
    if (this.used * 2 > this.slots) this.grow();
  }

  clone(): IdTable {
    const copy = new IdTable();
    copy.slots = this.slots;
    copy.used = this.used;
    copy.words = this.words.slice();
    return copy;
  }

  private place(hash: number, plusOne: number, first: number, second: number): void {
    const words = this.words;
    const mask = this.slots - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    while (words[slot * SLOT_WORDS + 1] !== 0) slot = (slot + 1) & mask;
    const at = slot * SLOT_WORDS;
    words[at] = hash;
    words[at + 1] = plusOne;
    words[at + 2] = first;
    words[at + 3] = second;
  }

  private grow(): void {
    const old = this.words;
    this.slots *= 2;
    this.words = new Int32Array(this.slots * SLOT_WORDS);
    for (let at = 0; at < old.length; at += SLOT_WORDS) {
      const plusOne = old[at + 1] as number;
      if (plusOne !== 0) this.place(old[at] as number, plusOne, old[at + 2] as number, old[at + 3] as number);
    }
  }
}

export class IdInterner {
  /** undefined: not built yet (see above). */
  private index: IdTable | undefined = new IdTable();
  private scans = 0;
  readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** The id's number, or -1 when it was never added. */
  find(id: string): number {
    if (this.index === undefined) {
      if (this.scans < SCANS_BEFORE_INDEX) {
        this.scans += 1;
        return this.ids.indexOf(id);
      }
      this.index = indexOf(this.ids);
    }
    describe(id);
    return this.index.find(id, this.ids);
  }

  /** The number of a new id (the caller checked it is new). */
  add(id: string): number {
    const number = this.ids.length;
    if (this.index !== undefined) {
      describe(id);
      this.index.add(number);
    }
    this.ids.push(id);
    return number;
  }

  /** Adds distinct ids, numbered in their order, to an empty interner; its table is built later. */
  addAll(ids: readonly string[]): void {
    if (this.ids.length !== 0) throw new RangeError('addAll needs an empty interner');
    for (let i = 0; i < ids.length; i += 1) this.ids.push(ids[i] as string);
    if (this.ids.length !== 0) this.index = undefined;
  }

  idOf(number: number): string {
    return this.ids[number] as string;
  }

  clone(): IdInterner {
    const copy = new IdInterner();
    for (let i = 0; i < this.ids.length; i += 1) copy.ids.push(this.ids[i] as string);
    copy.index = this.index?.clone();
    copy.scans = this.scans;
    return copy;
  }
}

function indexOf(ids: readonly string[]): IdTable {
  const table = new IdTable();
  for (let i = 0; i < ids.length; i += 1) {
    describe(ids[i] as string);
    table.add(i);
  }
  return table;
}
