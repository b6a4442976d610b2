// A replay (an append whose ids the stream already holds at the position its expected revision
// names) is a no-op only when it carries the same events: the same id with other content is a
// different event under a known name, which the store must refuse rather than answer "already
// there" while keeping the old one. Every store compares content here, the same way: two events
// are the same when their wire bytes (serializeEvent, docs/wire-format.md) are.
import { serializeEvent, type TallyEvent } from '@tally/domain';
import { EventIdConflictError } from './store-errors.js';

/** The content a replay is compared by: the event's wire bytes. */
export const eventContent = (event: TallyEvent): string => serializeEvent(event);

/**
 * Throws EventIdConflictError at the first event of a replayed batch (its `eventIds`, in order)
 * whose content is not that of the stored event it replays. `firstRevision` is the revision of
 * the stored event the batch's first event replays; `sentContent(offset)` and
 * `storedContent(offset)` are the contents of the batch's event at `offset` and of the stored
 * event at `firstRevision + offset` (eventContent of each, or the payload a store keeps).
 */
export function checkReplayedContent(
  streamName: string,
  firstRevision: bigint,
  eventIds: readonly string[],
  sentContent: (offset: number) => string,
  storedContent: (offset: number) => string,
): void {
  for (let offset = 0; offset < eventIds.length; offset++) {
    if (sentContent(offset) !== storedContent(offset)) {
      throw new EventIdConflictError(streamName, eventIds[offset] as string, firstRevision + BigInt(offset));
    }
  }
}
