// `tally import FILE --esdb CS` (or `--postgres URL`, `--pglite DIR`): appends a JSONL log to its
// organizations' streams, idempotently.
// The file is checked whole first (nothing is appended from a bad file), then read again and
// appended in batches per org stream. Each batch is appended at the revision its first event
// must have (the event's position among its org's events in the file), so importing the same
// file again re-appends the same ids at the same positions: the server answers each batch as an
// idempotent no-op. A stream that already holds other events at those positions is refused.
import { createLogDecoder, type TallyEvent } from '@tally/domain';
import {
  type EventStore,
  type ExpectedRevision,
  isStreamNotFoundError,
  isWrongExpectedRevisionError,
  orgStreamName,
} from '@tally/ledger';
import { failure } from '../errors.js';
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
      await appendAt(store, buffer.report.orgId, buffer.start, buffer.pending);
      const end = buffer.start + buffer.pending.length;
      buffer.report.alreadyPresent += Math.max(0, Math.min(end, buffer.existing) - buffer.start);
      buffer.report.appended += Math.max(0, end - Math.max(buffer.start, buffer.existing));
      buffer.start = end;
      buffer.pending = [];
    };
    const decoder = createLogDecoder();
    for await (const { text, number } of readLines(file.path)) {
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
        };
        orgs.set(event.orgId, buffer);
      }
      buffer.pending.push(event);
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

async function appendAt(
  store: EventStore,
  orgId: string,
  start: number,
  events: TallyEvent[],
): Promise<void> {
  const streamName = orgStreamName(orgId);
  const expectedRevision: ExpectedRevision = start === 0 ? 'no_stream' : BigInt(start - 1);
  try {
    await store.appendToStream(streamName, events, { expectedRevision });
  } catch (error) {
    if (!isWrongExpectedRevisionError(error)) throw error;
    const first = events[0] as TallyEvent;
    throw failure(
      `tally import: ${streamName} already holds other events: the file's event ${first.eventId} belongs at revision ${start} but the stream is at ${String(error.actual)} and its events there differ; export the stream and compare`,
    );
  }
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
