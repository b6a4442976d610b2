// A JSONL log (or any sequence of events with their line numbers) appended to its organizations'
// streams, idempotently: what `tally import` does, for a billing team moving a file into its own
// store. The events must be checked already (the log checker: nothing is appended from a bad
// log). Each org's events are appended in batches, each at the revision its first event must
// have (its position among its org's events in the log), so importing the same log again
// re-appends the same ids at the same positions and the store answers each batch as an
// idempotent no-op, if the events are the same too. A stream that already holds other events at
// those positions, or another event under one of the log's eventIds, is refused naming the line.
import type { TallyEvent } from '@tally/domain';
import {
  type EventStore,
  type ExpectedRevision,
  isStreamNotFoundError,
  isWrongExpectedRevisionError,
  orgStreamName,
} from './port.js';
import { isEventIdConflictError } from './store-errors.js';

export const DEFAULT_IMPORT_BATCH_SIZE = 500;

/** An event of the log and its line (1-based), for a refusal to name. */
export interface LogLine {
  readonly event: TallyEvent;
  readonly line: number;
}

export interface ImportLogOptions {
  /** Events per append; default DEFAULT_IMPORT_BATCH_SIZE. */
  readonly batchSize?: number;
}

/** Per org: how many events the stream held before, and what this import did. */
export interface OrgImport {
  readonly orgId: string;
  /** Events of the log already in the stream at their positions. */
  alreadyPresent: number;
  appended: number;
}

/** The store holds other events where the log's belong: `line` and `eventId` name the log's
 * first event that differs, when one can be named. Nothing after that batch was appended. */
export class ImportRefusedError extends Error {
  readonly code = 'ImportRefused';
  constructor(
    readonly problem: string,
    readonly line?: number,
    readonly eventId?: string,
  ) {
    super(line === undefined ? problem : `line ${line}: ${eventId}: ${problem}`);
    this.name = 'ImportRefusedError';
  }
}

export const isImportRefusedError = (error: unknown): error is ImportRefusedError =>
  error instanceof ImportRefusedError;

interface OrgBuffer {
  readonly report: OrgImport;
  /** Events in the stream when the import began. */
  readonly existing: number;
  /** Position (in the org's events) of the first buffered event. */
  start: number;
  pending: TallyEvent[];
  lines: number[];
}

/** Appends `log`'s events to their org streams; the orgs in order of their first event. */
export async function importLog(
  store: EventStore,
  log: AsyncIterable<LogLine> | Iterable<LogLine>,
  options: ImportLogOptions = {},
): Promise<OrgImport[]> {
  const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE;
  const orgs = new Map<string, OrgBuffer>();
  const flush = async (buffer: OrgBuffer) => {
    if (buffer.pending.length === 0) return;
    await appendAt(store, buffer);
    const end = buffer.start + buffer.pending.length;
    buffer.report.alreadyPresent += Math.max(0, Math.min(end, buffer.existing) - buffer.start);
    buffer.report.appended += Math.max(0, end - Math.max(buffer.start, buffer.existing));
    buffer.start = end;
    buffer.pending = [];
    buffer.lines = [];
  };
  for await (const { event, line } of log) {
    let buffer = orgs.get(event.orgId);
    if (buffer === undefined) {
      const existing = await streamLength(store, event.orgId);
      buffer = {
        report: { orgId: event.orgId, alreadyPresent: 0, appended: 0 },
        existing,
        start: 0,
        pending: [],
        lines: [],
      };
      orgs.set(event.orgId, buffer);
    }
    buffer.pending.push(event);
    buffer.lines.push(line);
    const position = buffer.start + buffer.pending.length;
    // A batch never straddles the stream's end, so the part already there is checked as a
    // whole by the store's idempotency rule and the rest is appended after it.
    if (buffer.pending.length >= batchSize || position === buffer.existing) await flush(buffer);
  }
  for (const buffer of orgs.values()) await flush(buffer);
  return [...orgs.values()].map((buffer) => buffer.report);
}

async function streamLength(store: EventStore, orgId: string): Promise<number> {
  try {
    for await (const record of store.readStream(orgStreamName(orgId), {
      direction: 'backwards',
      maxCount: 1,
    })) {
      return Number(record.revision) + 1;
    }
    return 0;
  } catch (error) {
    if (isStreamNotFoundError(error)) return 0;
    throw error;
  }
}

/** Appends an org's pending events at their positions. A store that holds other events there
 * is refused naming the log's first line that differs: its eventId at another position, or its
 * eventId with other content (the store's EventIdConflictError). */
async function appendAt(store: EventStore, buffer: OrgBuffer): Promise<void> {
  const { start, pending: events, lines } = buffer;
  const streamName = orgStreamName(buffer.report.orgId);
  const expectedRevision: ExpectedRevision = start === 0 ? 'no_stream' : BigInt(start - 1);
  try {
    await store.appendToStream(streamName, events, { expectedRevision });
  } catch (error) {
    if (isEventIdConflictError(error)) {
      const at = events.findIndex((event) => event.eventId === error.eventId);
      throw new ImportRefusedError(
        `${streamName} already holds an event with this eventId at revision ${error.revision}, with other content: an eventId names one event forever; export the stream and compare`,
        lines[at] ?? 0,
        error.eventId,
      );
    }
    if (!isWrongExpectedRevisionError(error)) throw error;
    const differs = await firstDifference(store, streamName, start, events);
    if (differs === undefined) {
      const first = events[0] as TallyEvent;
      throw new ImportRefusedError(
        `${streamName} already holds other events: the file's event ${first.eventId} belongs at revision ${start} but the stream is at ${String(error.actual)}; export the stream and compare`,
      );
    }
    const event = events[differs.offset] as TallyEvent;
    const there =
      differs.stored === undefined
        ? `the stream ends before it (at ${String(error.actual)})`
        : `the stream holds event ${differs.stored} there`;
    throw new ImportRefusedError(
      `belongs at revision ${start + differs.offset} of ${streamName}, but ${there}; export the stream and compare`,
      lines[differs.offset] ?? 0,
      event.eventId,
    );
  }
}

/** The first of `events` (to be at revisions from `start`) whose eventId is not the stream's
 * there, with the stream's eventId at that revision (undefined past its end). */
async function firstDifference(
  store: EventStore,
  streamName: string,
  start: number,
  events: readonly TallyEvent[],
): Promise<{ readonly offset: number; readonly stored: string | undefined } | undefined> {
  const stored: string[] = [];
  try {
    for await (const record of store.readStream(streamName, {
      fromRevision: BigInt(start),
      maxCount: events.length,
    })) {
      stored.push(record.event.eventId);
    }
  } catch (error) {
    if (!isStreamNotFoundError(error)) throw error;
  }
  const offset = events.findIndex((event, i) => stored[i] !== event.eventId);
  return offset < 0 ? undefined : { offset, stored: stored[offset] };
}
