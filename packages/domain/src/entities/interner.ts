// Dense numbers for the ids of one kind of entity (devices, archives or users of one org): the
// timeline indexes flat arrays by them, so an event costs one Map lookup per id.
//
// An interner read back from a snapshot (`addAll`) does not build its Map at once: hashing a
// large org's hundreds of thousands of ids was most of a cold start's decode, while its first
// command looks up one or two. Its first finds scan the list (ids are unique, so the scan finds
// what the Map would), and the Map is built at the find after those.
const SCANS_BEFORE_INDEX = 8;

export class IdInterner {
  /** undefined: not built yet (see above). */
  private index: Map<string, number> | undefined = new Map<string, number>();
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
    const found = this.index.get(id);
    return found === undefined ? -1 : found;
  }

  /** The number of a new id (the caller checked it is new). */
  add(id: string): number {
    const number = this.ids.length;
    this.index?.set(id, number);
    this.ids.push(id);
    return number;
  }

  /** Adds distinct ids, numbered in their order, to an empty interner; its Map is built later. */
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
    copy.index = this.index === undefined ? undefined : new Map(this.index);
    copy.scans = this.scans;
    return copy;
  }
}

function indexOf(ids: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 1) index.set(ids[i] as string, i);
  return index;
}
