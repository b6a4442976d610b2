// One pass over a JSONL log that checks every line and gathers what invoices need: the billing
// facts' events and the organization's counts timeline. It is the fast road of file-invoices.ts
// (500,000 events/s is the target on a million-line log), so the organization's device and
// archive lines spelled as serializeEvent spells them (entity-line.ts) are read from the bytes
// and checked and applied on flat arrays (flat-entities.ts), with no string, object or Map per
// line. Every other line goes through the log checker as usual: other organizations' events,
// the registration and subscription events, and any line in another spelling (whose entity
// events are then applied to the same flat arrays). On a large file the lines are read in a
// worker thread (line-records.ts, line-source.ts, scan-worker.ts) while this thread checks the
// ones before. Event ids are checked for repeats once, at the end (id-hash-log.ts).
//
// The scan gives up (answers undefined) at the first line it refuses, or at the end on a
// repeated id, without wording why: the caller then checks the file with the log checker alone,
// which finds and words the first bad line exactly as every other command does. So a refused
// file costs a second pass, and only the log checker ever decides what the error says.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Instant, TallyEvent } from '@tally/domain';
import { CountsTimeline } from './counts-timeline.js';
import { takeEarlyScan, WORKER_FROM_BYTES } from './early-scan.js';
import {
  ARCHIVE_CREATED,
  ARCHIVE_PURGED,
  DEVICE_ACTIVATED,
  DEVICE_DEACTIVATED,
  DEVICE_REACTIVATED,
} from './entity-line.js';
import type { EventFile } from './event-file.js';
import { fileChecker, fileEventIds } from './file-store.js';
import { FlatEntities } from './flat-entities.js';
import { IdHashLog, scanIdHashes } from './id-hash-log.js';
import type { IdAt } from './id-interner.js';
import { instantMs } from './instant-ms.js';
import {
  EVENT_ID_HASH,
  EVENT_ID_SECOND_HASH,
  FIRST_END,
  FIRST_HASH,
  FIRST_HIGH,
  FIRST_LOW,
  FIRST_START,
  KIND,
  LINE_END,
  LINE_NUMBER,
  LINE_START,
  type RecordedChunk,
  ROW_INTS,
  ROW_TIMES,
  SECOND_END,
  SECOND_HASH,
  SECOND_HIGH,
  SECOND_LOW,
  SECOND_START,
} from './line-records.js';
import { linesHere, linesInWorker, ScanWorkerFailure } from './line-source.js';
import type { Progress } from './progress.js';

export interface ScanOptions {
  readonly orgId: string;
  readonly asKnownAt: Instant;
  /** The event types to keep (the billing facts'), of every organization, in file order. */
  readonly keep: ReadonlySet<string>;
  /** Where the lines are read: 'auto' (the default) uses a worker thread for a large file when
   * the machine has a second core; tests choose. */
  readonly reading?: 'auto' | 'worker' | 'here';
}

export interface Scanned {
  /** The accepted events of the types asked for. */
  readonly kept: TallyEvent[];
  /** The organization's counts after each change (see CountsTimeline for when it can answer). */
  readonly timeline: CountsTimeline;
}

const ENTITY_TYPES: ReadonlySet<string> = new Set([
  'DeviceActivated',
  'DeviceDeactivated',
  'DeviceReactivated',
  'ArchiveCreated',
  'ArchivePurged',
  'UserDeactivated',
]);

/** Checks every line of `file`; undefined when a line is refused (see above). */
export async function scanFile(
  file: EventFile,
  options: ScanOptions,
  progress: Progress,
): Promise<Scanned | undefined> {
  // Every id goes to `ids`, checked at the end; the checker's own table sees only the lines it
  // decodes, so it starts small.
  const ids = new IdHashLog();
  const checker = fileChecker(file, fileEventIds(file, 0));
  const size = statSync(file.path).size;
  // Sized for one id of each kind in eight lines of 256 bytes (events are 150-250): an
  // organization of 100,000 devices in a million lines grows only its archive table, once.
  const entities = new FlatEntities(size / 256 / 8);
  const timeline = new CountsTimeline(options.asKnownAt);
  const kept: TallyEvent[] = [];
  /** The organization's registration was accepted: its entity events may follow. */
  let registered = false;
  const first: IdAt = { start: 0, end: 0, hash: 0, low: 0, high: 0 };
  const second: IdAt = { start: 0, end: 0, hash: 0, low: 0, high: 0 };

  /** A row of an entity line of the organization (see line-records.ts). */
  const applyRow = (
    bytes: Buffer,
    ints: Int32Array,
    at: number,
    times: Float64Array,
    row: number,
  ): boolean => {
    ids.add(ints[at + EVENT_ID_HASH] as number, ints[at + EVENT_ID_SECOND_HASH] as number);
    first.start = ints[at + FIRST_START] as number;
    first.end = ints[at + FIRST_END] as number;
    first.hash = ints[at + FIRST_HASH] as number;
    second.start = ints[at + SECOND_START] as number;
    second.end = ints[at + SECOND_END] as number;
    second.hash = ints[at + SECOND_HASH] as number;
    first.low = ints[at + FIRST_LOW] as number;
    first.high = ints[at + FIRST_HIGH] as number;
    second.low = ints[at + SECOND_LOW] as number;
    second.high = ints[at + SECOND_HIGH] as number;
    const kind = ints[at + KIND];
    const applied =
      kind === DEVICE_ACTIVATED
        ? entities.activate(bytes, first, second)
        : kind === DEVICE_DEACTIVATED || kind === DEVICE_REACTIVATED
          ? entities.setActive(bytes, first, kind === DEVICE_REACTIVATED ? 1 : 0)
          : kind === ARCHIVE_CREATED
            ? entities.createArchive(bytes, first, second)
            : kind === ARCHIVE_PURGED && entities.purgeArchive(bytes, first);
    if (!applied) return false;
    timeline.record(times[row * ROW_TIMES] as number, times[row * ROW_TIMES + 1] as number, entities);
    return true;
  };

  /** Any other line: decoded (and, but for the organization's entity events, checked) by the
   * log checker. */
  const applyDecoded = (bytes: Buffer, start: number, end: number, line: number): boolean => {
    const decoded = checker.decodeAt(bytes, start, end, line);
    if (decoded._tag === 'Left') return false;
    const event = decoded.right;
    const [firstHash, secondHash] = scanIdHashes(event.eventId);
    ids.add(firstHash, secondHash);
    if (event.orgId === options.orgId && ENTITY_TYPES.has(event.type)) {
      if (!registered || !entities.applyEvent(event)) return false;
      if (event.type !== 'UserDeactivated') {
        timeline.record(
          instantMs(event.occurredAt, 'occurredAt'),
          instantMs(event.recordedAt, 'recordedAt'),
          entities,
        );
      }
      return true;
    }
    if (checker.admit(event, line)._tag === 'Left') return false;
    if (options.keep.has(event.type)) kept.push(event);
    if (event.type === 'OrganizationRegistered' && event.orgId === options.orgId) registered = true;
    return true;
  };

  const applyChunk = (chunk: RecordedChunk): boolean => {
    const { ints, times } = chunk;
    const bytes = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.length);
    for (let row = 0; row < chunk.rows; row++) {
      progress.tick();
      const at = row * ROW_INTS;
      const accepted =
        registered && ints[at + KIND] !== 0
          ? applyRow(bytes, ints, at, times, row)
          : applyDecoded(
              bytes,
              ints[at + LINE_START] as number,
              ints[at + LINE_END] as number,
              ints[at + LINE_NUMBER] as number,
            );
      if (!accepted) return false;
    }
    return true;
  };

  const source = useWorker(size, options)
    ? (takeEarlyScan(file.path, options.orgId) ?? linesInWorker(file.path, options.orgId))
    : linesHere(file.path, options.orgId);
  try {
    for await (const chunk of source.chunks) {
      if (!applyChunk(chunk)) return undefined;
    }
    if (ids.hasRepeat()) return undefined;
  } catch (error) {
    if (error instanceof ScanWorkerFailure) return undefined;
    throw error;
  } finally {
    await source.close();
  }
  return { kept, timeline };
}

function useWorker(size: number, options: ScanOptions): boolean {
  const reading = options.reading ?? 'auto';
  if (reading !== 'auto') return reading === 'worker';
  return availableParallelism() > 1 && size >= WORKER_FROM_BYTES;
}
