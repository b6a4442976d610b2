// Errors of the stores beyond the port's own (WrongExpectedRevisionError, StreamNotFoundError):
// each has a `code` and a type guard, like the port's.

/**
 * An append carried an `eventId` the stream already holds (or the same id twice) and was not an
 * exact replay of an earlier append: it is refused whole, so no stream ever holds an id twice.
 */
export class DuplicateEventIdError extends Error {
  readonly code = 'DuplicateEventId' as const;
  constructor(
    readonly streamName: string,
    readonly eventId: string,
    /** Revision of the stream's event with that id, or `null` when the batch repeats the id. */
    readonly existingRevision: bigint | null,
  ) {
    super(
      existingRevision === null
        ? `append to ${streamName} carries eventId ${eventId} more than once`
        : `append to ${streamName} carries eventId ${eventId}, already the stream's event at revision ${existingRevision}, beside new events: retry the original batch unchanged or use new eventIds`,
    );
    this.name = 'DuplicateEventIdError';
  }
}

export const isDuplicateEventIdError = (error: unknown): error is DuplicateEventIdError =>
  error instanceof DuplicateEventIdError;

/**
 * An append replayed an `eventId` the stream already holds (the same ids at the position its
 * expected revision names) but with other content: an eventId names one event forever
 * (docs/ledger.md, "Idempotent re-append"), so the append is refused whole and the stream keeps
 * the event it had. Every store raises this one class (replay-content.ts decides it).
 */
export class EventIdConflictError extends Error {
  readonly code = 'EventIdConflict' as const;
  constructor(
    readonly streamName: string,
    readonly eventId: string,
    /** Revision of the stream's event that has this id. */
    readonly revision: bigint,
  ) {
    super(
      `append to ${streamName} carries eventId ${eventId}, which the stream already holds at revision ${revision} with different content: an eventId names one event forever, give the new event a new eventId`,
    );
    this.name = 'EventIdConflictError';
  }
}

export const isEventIdConflictError = (error: unknown): error is EventIdConflictError =>
  error instanceof EventIdConflictError;

/** Any call on a store after `close()`. */
export class StoreClosedError extends Error {
  readonly code = 'StoreClosed' as const;
  constructor(readonly operation: string) {
    super(`${operation} on an event store that was closed`);
    this.name = 'StoreClosedError';
  }
}

export const isStoreClosedError = (error: unknown): error is StoreClosedError =>
  error instanceof StoreClosedError;

/** A stored event that is not a valid Tally event (a store's payload that does not decode),
 * named by stream and revision: every adapter reads its store's events through the codecs. */
export class InvalidStoredEventError extends Error {
  readonly code = 'InvalidStoredEvent' as const;
  constructor(
    readonly streamName: string,
    readonly revision: bigint,
    /** What is wrong, e.g. `data.deviceId: missing`. */
    readonly problem: string,
  ) {
    super(`stream ${streamName} revision ${revision}: ${problem}`);
    this.name = 'InvalidStoredEventError';
  }
}

export const isInvalidStoredEventError = (error: unknown): error is InvalidStoredEventError =>
  error instanceof InvalidStoredEventError;
