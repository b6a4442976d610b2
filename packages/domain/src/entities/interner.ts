// Dense numbers for the ids of one kind of entity (devices, archives or users of one org): the
// timeline indexes flat arrays by them, so an event costs one lookup per id.
//
// The lookup is an open-addressed table of 32-bit words, not a Map: the ids a decoder hands over
// are fresh strings, and a Map compares each one with its key string, a read of another object
// (another cache miss) for every event. A slot holds the id's number and, for a short id (1 to 8
// characters, each U+0001..U+00FF: `d-12345`, `a-123456`), its characters packed into two words,
// so finding it reads the one slot and never the key; for any other id, its hash, and it is
// compared with its key. Measured in docs/performance.md ("Ids found without reading their key").
//
// A short id is not kept as a string either: by number, the interner keeps the id's two packed
// words, and `idOf` makes the string again from them (a string and its slot in a list were about
// 30 bytes an id, 25 MB of a 2M-event org's heap). Only the other ids are kept as strings.
//
// An interner read back from a snapshot (`addAll`) does not build its table at once: hashing a
// large org's hundreds of thousands of ids was most of a cold start's decode, while its first
// command looks up one or two. Its first finds scan the list (ids are unique, so the scan finds
// what the table would), and the table is built at the find after those.
const SCANS_BEFORE_INDEX = 8;

/** A slot: number + 1 (0: empty), then the packed characters of a short id, or 0 and the hash of
 * any other id (a short id's first word is never 0, its first character being at least 1). A
 * short id's hash is not kept: its packed characters are the id, and a growing table hashes
 * them again. */
const SLOT_WORDS = 3;
const MIN_SLOTS = 16;
// Grown by half past three quarters full, the slot count any number (a hash is mapped onto it by
// multiplying, probing wraps at the end): a power of two at most half full left a table between
// a quarter and a half full.
const MAX_LOAD = 0.75;
const GROWTH = 1.5;
const TWO_TO_MINUS_32 = 2 ** -32;

/** The slot of `hash` among `slots`: hash / 2^32 scaled to [0, slots) (the product is exact
 * below 2^21 slots; past that it is rounded by far less than `slots`, never to `slots`). */
const slotOf = (hash: number, slots: number): number => Math.floor((hash >>> 0) * slots * TWO_TO_MINUS_32);
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

// The hash and slot words of the id looked up last, set by `describe` (locals of the caller
// would need an allocation per id to be returned).
let hashOf = 0;
let firstWord = 0;
let secondWord = 0;

/** Sets hashOf, firstWord and secondWord (see SLOT_WORDS) for `id`. */
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
  secondWord = short ? second : hashOf;
}

class IdTable {
  private slots = MIN_SLOTS;
  private limit = MIN_SLOTS * MAX_LOAD;
  private used = 0;
  private words = new Int32Array(MIN_SLOTS * SLOT_WORDS);

  /** The number of the id `describe` was last called with, or -1. `long` holds the ids that are
   * not short, `numbered` each number's two words (see IdInterner). */
  find(id: string, numbered: Int32Array, long: readonly string[]): number {
    const words = this.words;
    const slots = this.slots;
    let slot = slotOf(hashOf, slots);
    for (;;) {
      const at = slot * SLOT_WORDS;
      const plusOne = words[at] as number;
      if (plusOne === 0) return -1;
      if (
        words[at + 1] === firstWord &&
        words[at + 2] === secondWord &&
        (firstWord !== 0 || long[numbered[plusOne * 2 - 1] as number] === id)
      ) {
        return plusOne - 1;
      }
      slot += 1;
      if (slot === slots) slot = 0;
    }
  }

  /** Records the id `describe` was last called with as `number` (the caller checked it is new). */
  add(number: number): void {
    this.addDescribed(number, hashOf, firstWord, secondWord);
  }

  /** Records as `number` the id of this hash and slot words (the caller checked it is new). */
  addDescribed(number: number, hash: number, first: number, second: number): void {
    this.place(hash, number + 1, first, second);
    this.used += 1;
    if (this.used > this.limit) this.grow();
  }

  clone(): IdTable {
    const copy = new IdTable();
    copy.slots = this.slots;
    copy.limit = this.limit;
    copy.used = this.used;
    copy.words = this.words.slice();
    return copy;
  }

  private place(hash: number, plusOne: number, first: number, second: number): void {
    const words = this.words;
    const slots = this.slots;
    let slot = slotOf(hash, slots);
    while (words[slot * SLOT_WORDS] !== 0) {
      slot += 1;
      if (slot === slots) slot = 0;
    }
    const at = slot * SLOT_WORDS;
    words[at] = plusOne;
    words[at + 1] = first;
    words[at + 2] = second;
  }

  private grow(): void {
    const old = this.words;
    this.slots = Math.ceil(this.slots * GROWTH);
    this.limit = this.slots * MAX_LOAD;
    this.words = new Int32Array(this.slots * SLOT_WORDS);
    for (let at = 0; at < old.length; at += SLOT_WORDS) {
      const plusOne = old[at] as number;
      if (plusOne === 0) continue;
      const first = old[at + 1] as number;
      const second = old[at + 2] as number;
      this.place(first === 0 ? second : hashOfPacked(first, second), plusOne, first, second);
    }
  }
}

/** The hash `describe` gives the short id packed into `first` and `second` (its characters are
 * the bytes up to the first 0). */
function hashOfPacked(first: number, second: number): number {
  let hash = FNV_OFFSET;
  let length = 0;
  for (; length < 8; length++) {
    const code = (length < 4 ? first >>> (length * 8) : second >>> ((length - 4) * 8)) & 0xff;
    if (code === 0) break;
    hash = Math.imul(hash ^ code, FNV_PRIME);
  }
  return hash ^ length;
}

/** The short id packed into `first` and `second`. */
function unpack(first: number, second: number): string {
  let id = '';
  for (let i = 0; i < 8; i++) {
    const code = (i < 4 ? first >>> (i * 8) : second >>> ((i - 4) * 8)) & 0xff;
    if (code === 0) break;
    id += String.fromCharCode(code);
  }
  return id;
}

export class IdInterner {
  /** undefined: not built yet (see above). */
  private index: IdTable | undefined = new IdTable();
  private scans = 0;
  private count = 0;
  /** By number, two words: a short id's packed characters, or 0 and the id's index in `long`. */
  private numbered = new Int32Array(2 * MIN_SLOTS);
  private long: string[] = [];

  get size(): number {
    return this.count;
  }

  /** The id's number, or -1 when it was never added. */
  find(id: string): number {
    if (this.index === undefined) {
      if (this.scans < SCANS_BEFORE_INDEX) {
        this.scans += 1;
        return this.scan(id);
      }
      this.index = this.indexed();
    }
    describe(id);
    return this.index.find(id, this.numbered, this.long);
  }

  /** The number of a new id (the caller checked it is new). */
  add(id: string): number {
    const number = this.count;
    describe(id);
    this.index?.add(number);
    this.record(id);
    return number;
  }

  /** Adds distinct ids, numbered in their order, to an empty interner; its table is built later. */
  addAll(ids: readonly string[]): void {
    if (this.count !== 0) throw new RangeError('addAll needs an empty interner');
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i] as string;
      describe(id);
      this.record(id);
    }
    if (this.count !== 0) this.index = undefined;
  }

  idOf(number: number): string {
    const first = this.numbered[number * 2] as number;
    const second = this.numbered[number * 2 + 1] as number;
    return first === 0 ? (this.long[second] as string) : unpack(first, second);
  }

  /** Every id, in the order of their numbers. */
  toArray(): string[] {
    const ids: string[] = [];
    for (let i = 0; i < this.count; i += 1) ids.push(this.idOf(i));
    return ids;
  }

  clone(): IdInterner {
    const copy = new IdInterner();
    copy.assign(this);
    return copy;
  }

  /** Makes this empty interner a copy of `from`. */
  assign(from: IdInterner): void {
    if (this.count !== 0) throw new RangeError('assign needs an empty interner');
    this.index = from.index?.clone();
    this.scans = from.scans;
    this.count = from.count;
    this.numbered = from.numbered.slice();
    this.long = from.long.slice();
  }

  /** Keeps the id `describe` was last called with as the next number. */
  private record(id: string): void {
    const at = this.count * 2;
    if (at === this.numbered.length) {
      const more = new Int32Array(this.numbered.length * 2);
      more.set(this.numbered);
      this.numbered = more;
    }
    if (firstWord !== 0) {
      this.numbered[at] = firstWord;
      this.numbered[at + 1] = secondWord;
    } else {
      this.numbered[at] = 0;
      this.numbered[at + 1] = this.long.length;
      this.long.push(id);
    }
    this.count += 1;
  }

  /** The number of `id` found by a scan (ids are unique, so it finds what the table would). */
  private scan(id: string): number {
    describe(id);
    const numbered = this.numbered;
    const first = firstWord;
    let second = secondWord;
    if (first === 0) {
      second = this.long.indexOf(id);
      if (second === -1) return -1;
    }
    for (let i = 0; i < this.count; i += 1) {
      if (numbered[i * 2] === first && numbered[i * 2 + 1] === second) return i;
    }
    return -1;
  }

  /** The table of the ids added by addAll. */
  private indexed(): IdTable {
    const table = new IdTable();
    const numbered = this.numbered;
    for (let i = 0; i < this.count; i += 1) {
      const first = numbered[i * 2] as number;
      const second = numbered[i * 2 + 1] as number;
      if (first !== 0) table.addDescribed(i, hashOfPacked(first, second), first, second);
      else {
        describe(this.long[second] as string);
        table.add(i);
      }
    }
    return table;
  }
}
