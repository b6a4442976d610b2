// A real server answers a replay (the batch's event ids already at the position the expected
// revision names) with success and writes nothing, comparing ids only: a different event under a
// known eventId would be answered "appended" while the stream keeps the old one. So after every
// accepted append the adapter reads the batch's revisions back and holds their content to what
// it sent, with the ledger's own check (docs/eventstoredb.md, "Idempotent appends"). It costs one
// read call per append; a fresh write reads back exactly what it wrote.
import type { RecordedEvent } from '@tally/ledger';
import { checkReplayedContent, eventContent } from '@tally/ledger/store-kit';

/** Reads `count` events of the stream forwards from `from`. */
export type ReadRange = (from: bigint, count: number) => Promise<readonly RecordedEvent[]>;

/** What was sent, taken before the append's first await (a caller may change its events). */
export interface SentBatch {
  readonly eventIds: readonly string[];
  readonly contents: readonly string[];
}

/** Throws EventIdConflictError when the events at the batch's revisions (ending at `last`, the
 * append's answer) are other events under the batch's ids. */
export async function checkAppendedContent(
  streamName: string,
  sent: SentBatch,
  last: bigint,
  readRange: ReadRange,
): Promise<void> {
  const count = sent.eventIds.length;
  const stored = await readRange(last - BigInt(count - 1), count);
  const storedById = new Map<string, RecordedEvent>();
  for (const record of stored) storedById.set(record.event.eventId, record);
  // With `any` a server finds a replay by its ids wherever they are: an id the range does not
  // hold is not compared.
  sent.eventIds.forEach((eventId, offset) => {
    const record = storedById.get(eventId);
    if (record === undefined) return;
    checkReplayedContent(
      streamName,
      record.revision,
      [eventId],
      () => sent.contents[offset] as string,
      () => eventContent(record.event),
    );
  });
}
