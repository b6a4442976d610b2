// `tally import FILE --esdb CS` (or `--postgres URL`, `--pglite DIR`): appends a JSONL log to its
// organizations' streams, idempotently.
// The file is checked whole first (nothing is appended from a bad file), then read again and
// appended in batches per org stream. Each batch is appended at the revision its first event
// must have (the event's position among its org's events in the file), so importing the same
// file again re-appends the same ids at the same positions: the server answers each batch as an
// idempotent no-op, if the events are the same too. A stream that already holds other events at
// those positions, or another event under one of the file's eventIds, is refused naming the line.
import { createLogDecoder, type TallyEvent } from '@tally/domain';
import {
  type EventStore,
  type ExpectedRevision,
  isEventIdConflictError,
  isStreamNotFoundError,
  isWrongExpectedRevisionError,
  orgStreamName,
} from '@tally/ledger';
import { failure, inputLine } from '../errors.js';
import { openEventFile } from '../input/event-file.js';
import { checkWholeFile } from '../input/file-store.js';
import { readLines } from '../input/lines.js';
import { createProgress } from '../input/progress.js';
import { openStore, type StoreOptions, storeError } from '../input/source.js';
import type { CliIo } from '../io.js';

export const DEFAULT_IMPORT_BATCH_SIZE = 500;

export interface ImportCommandOptions extends StoreOptions {
  readonly file: string;
  readonly batchSize: number;
  readonly quiet: boolean;
}

/** Per org: how many events the stream held before, and what this import did. */
export interface OrgImport {
  readonly orgId: string;
  /** Events of the file already in the stream at their positions. */
  alreadyPresent: number;
  appended: number;
}

interface OrgBuffer {
  readonly report: OrgImport;
  /** Events in the stream when the import began. */
  readonly existing: number;
  /** Position (in the org's events) of the first buffered event. */
  start: number;
  pending: TallyEvent[];
  /** The file's line of each pending event, for a refusal to name. */
  lines: number[];
}

export async function importCommand(options: ImportCommandOptions, io: CliIo): Promise<OrgImport[]> {
  const file = await openEventFile(options.file, io.stdin);
  const progress = createProgress(io, 'import', { quiet: options.quiet });
  const store = await openStore(options, 'import').catch(async (error: unknown) => {
    await file.dispose();
    throw error;
  });
  try {
    await checkWholeFile(file, progress);
    const orgs = new Map<string, OrgBuffer>();
    const flush = async (buffer: OrgBuffer) => {
      if (buffer.pending.length === 0) return;
      await appendAt(store, file.name, buffer);
      const end = buffer.start + buffer.pending.length;
      buffer.report.alreadyPresent += Math.max(0, Math.min(end, buffer.existing) - buffer.start);
      buffer.report.appended += Math.max(0, end - Math.max(buffer.start, buffer.existing));
      buffer.start = end;
      buffer.pending = [];
      buffer.lines = [];
    };
    const decoder = createLogDecoder();
    for await (const { text, number } of readLines(file.path, file.name)) {
      progress.tick();
      const decoded = decoder.decodeLine(text, number);
      if (decoded._tag === 'Left') throw failure(`${file.name} changed while it was being imported`);
      const event = decoded.right;
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
      buffer.lines.push(number);
      const position = buffer.start + buffer.pending.length;
      // A batch never straddles the stream's end, so the part already there is checked as a
      // whole by the server's idempotency rule and the rest is appended after it.
      if (buffer.pending.length >= options.batchSize || position === buffer.existing) await flush(buffer);
    }
    for (const buffer of orgs.values()) await flush(buffer);
    progress.done();
    const reports = [...orgs.values()].map((buffer) => buffer.report);
    if (!options.quiet) io.stderr.write(importSummary(file.name, reports));
    return reports;
  } catch (error) {
    throw storeError(error);
  } finally {
    progress.done();
    await store.close();
    await file.dispose();
  }
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
 * is refused naming the file's first line that differs: its eventId at another position, or its
 * eventId with other content (the store's EventIdConflictError). */
async function appendAt(store: EventStore, fileName: string, buffer: OrgBuffer): Promise<void> {
  const { start, pending: events, lines } = buffer;
  const streamName = orgStreamName(buffer.report.orgId);
  const expectedRevision: ExpectedRevision = start === 0 ? 'no_stream' : BigInt(start - 1);
  try {
    await store.appendToStream(streamName, events, { expectedRevision });
  } catch (error) {
    if (isEventIdConflictError(error)) {
      const at = events.findIndex((event) => event.eventId === error.eventId);
      throw failure(
        inputLine(
          fileName,
          lines[at] ?? 0,
          error.eventId,
          `${streamName} already holds an event with this eventId at revision ${error.revision}, with other content: an eventId names one event forever; export the stream and compare`,
        ),
      );
    }
    if (!isWrongExpectedRevisionError(error)) throw error;
    const differs = await firstDifference(store, streamName, start, events);
    if (differs === undefined) {
      const first = events[0] as TallyEvent;
      throw failure(
        `tally import: ${streamName} already holds other events: the file's event ${first.eventId} belongs at revision ${start} but the stream is at ${String(error.actual)}; export the stream and compare`,
      );
    }
    const event = events[differs.offset] as TallyEvent;
    const there =
      differs.stored === undefined
        ? `the stream ends before it (at ${String(error.actual)})`
        : `the stream holds event ${differs.stored} there`;
    throw failure(
      inputLine(
        fileName,
        lines[differs.offset] ?? 0,
        event.eventId,
        `belongs at revision ${start + differs.offset} of ${streamName}, but ${there}; export the stream and compare`,
      ),
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

function importSummary(name: string, reports: readonly OrgImport[]): string {
  const lines = reports.map(
    (report) =>
      `${orgStreamName(report.orgId)}: ${report.appended} appended, ${report.alreadyPresent} already present`,
  );
  const appended = reports.reduce((sum, report) => sum + report.appended, 0);
  const present = reports.reduce((sum, report) => sum + report.alreadyPresent, 0);
  return `${[...lines, `imported ${name}: ${appended} appended, ${present} already present, ${reports.length} ${reports.length === 1 ? 'stream' : 'streams'}`].join('\n')}\n`;
}
