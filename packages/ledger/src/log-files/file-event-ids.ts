// The event ids of a log file, checked where its lines are read first: on this thread (an
// EventIdTable, 12 bytes a line), or on the file's reading thread (reading-thread.ts), which
// records every line's id as it reads ahead and hands over, with each chunk, the lines whose id
// it had seen before. Either way the log checker asks the same question of the same numbers,
// and the table that answers it is the domain's EventIdTable.
import type { EventIdRecord, EventIdTable } from '@tally/domain/wire-text';

export class FileEventIds implements EventIdRecord {
  #table: EventIdTable | undefined;
  /** Set once the reading thread checks: line -> the earlier line with its id. */
  #repeats: Map<number, number> | undefined;
  #checkedThrough = 0;

  /** `table` makes the table of this thread when the first id is checked here. */
  constructor(private readonly table: () => EventIdTable) {}

  firstSeenAt(eventId: string, line: number): number {
    if (this.#repeats === undefined) {
      this.#table ??= this.table();
      return this.#table.firstSeenAt(eventId, line);
    }
    if (line > this.#checkedThrough) {
      throw new Error(
        `line ${line} was not read by the reading thread yet (it read through ${this.#checkedThrough})`,
      );
    }
    return this.#repeats.get(line) ?? 0;
  }

  /** Whether the ids can still be left to a reading thread: none was checked here yet. */
  get unused(): boolean {
    return this.#table === undefined && this.#repeats === undefined;
  }

  /** From now on, the reading thread checks the ids (see `checked`). */
  checkedByThread(): void {
    if (!this.unused) throw new Error('the event ids of this file are checked already');
    this.#repeats = new Map();
  }

  /** Back to checking the ids here: the reading thread failed before it checked any. */
  checkedHere(): void {
    if (this.#checkedThrough > 0) throw new Error('the reading thread has checked ids already');
    this.#repeats = undefined;
  }

  /** The reading thread has checked the ids through line `through`; `repeats` holds pairs of a
   * line and the earlier line whose id it repeats. */
  checked(through: number, repeats: readonly number[]): void {
    const record = this.#repeats;
    if (record === undefined) throw new Error('the event ids of this file are not checked by a thread');
    for (let i = 0; i < repeats.length; i += 2) record.set(repeats[i] as number, repeats[i + 1] as number);
    this.#checkedThrough = through;
  }
}
