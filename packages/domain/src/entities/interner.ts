// Dense numbers for the ids of one kind of entity (devices, archives or users of one org): the
// timeline indexes flat arrays by them, so an event costs one Map lookup per id.

export class IdInterner {
  private readonly index = new Map<string, number>();
  readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** The id's number, or -1 when it was never added. */
  find(id: string): number {
    const found = this.index.get(id);
    return found === undefined ? -1 : found;
  }

  /** The number of a new id (the caller checked it is new). */
  add(id: string): number {
    const number = this.ids.length;
    this.index.set(id, number);
    this.ids.push(id);
    return number;
  }

  idOf(number: number): string {
    return this.ids[number] as string;
  }

  clone(): IdInterner {
    const copy = new IdInterner();
    for (const id of this.ids) copy.add(id);
    return copy;
  }
}
