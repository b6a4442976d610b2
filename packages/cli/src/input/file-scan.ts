// One pass over a JSONL log that checks every line and gathers what invoices need: the billing
// facts' events and the organization's counts timeline. It is the fast road of file-invoices.ts
// (500,000 events/s is the target on a million-line log), so the organization's device and
// archive lines spelled as serializeEvent spells them (entity-line.ts) are read from the bytes
// and checked and applied on flat arrays (flat-entities.ts), with no string, object or Map per
// line. Every other line goes through the log checker as usual: other organizations' events,
// the registration and subscription events, and any line in another spelling (whose entity
// events are then applied to the same flat arrays).
//
// The scan gives up (answers undefined) at the first line it refuses, without wording why: the
// caller then checks the file with the log checker alone, which finds and words the first bad
// line exactly as every other command does. So a refused file costs a second pass, and only
// the log checker ever decides what the error says.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Instant, TallyEvent } from '@tally/domain';
import { readLineChunks } from './chunked-lines.js';
import { CountsTimeline } from './counts-timeline.js';
import {
  ARCHIVE_CREATED,
  ARCHIVE_PURGED,
  DEVICE_ACTIVATED,
  DEVICE_DEACTIVATED,
  DEVICE_REACTIVATED,
} from './entity-line.js';
import type { EventFile } from './event-file.js';
import { fileChecker, fileEventIds } from './file-store.js';
import { FlatEntities, type IdAt } from './flat-entities.js';
import { instantMs } from './instant-ms.js';
import {
  EVENT_ID_END,
  EVENT_ID_HASH,
  EVENT_ID_SECOND_HASH,
  EVENT_ID_START,
  FIRST_END,
  FIRST_HASH,
  FIRST_START,
  KIND,
  LINE_END,
  LINE_NUMBER,
  LINE_START,
  LineRecorder,
  type RecordedChunk,
  ROW_INTS,
  ROW_TIMES,
  SECOND_END,
  SECOND_HASH,
  SECOND_START,
} from './line-records.js';
import type { Progress } from './progress.js';
import type { ScanWorkerData, ScanWorkerMessage } from './scan-worker.js';

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
  const eventIds = fileEventIds(file);
  const checker = fileChecker(file, eventIds);
  const entities = new FlatEntities();
  const timeline = new CountsTimeline(options.asKnownAt);
  const kept: TallyEvent[] = [];
  /** The organization's registration was accepted: its entity events may follow. */
  let registered = false;
  const first: IdAt = { start: 0, end: 0, hash: 0 };
  const second: IdAt = { start: 0, end: 0, hash: 0 };

  /** A row of an entity line of the organization (see line-records.ts). */
  const applyRow = (
    bytes: Buffer,
    ints: Int32Array,
    at: number,
    times: Float64Array,
    row: number,
  ): boolean => {
    const line = ints[at + LINE_NUMBER] as number;
    const idStart = ints[at + EVENT_ID_START] as number;
    const idEnd = ints[at + EVENT_ID_END] as number;
    const firstHash = ints[at + EVENT_ID_HASH] as number;
    const secondHash = ints[at + EVENT_ID_SECOND_HASH] as number;
    if (eventIds.firstSeenAtHashed(firstHash, secondHash, bytes, idStart, idEnd, line) !== 0) return false;
    first.start = ints[at + FIRST_START] as number;
    first.end = ints[at + FIRST_END] as number;
    first.hash = ints[at + FIRST_HASH] as number;
    second.start = ints[at + SECOND_START] as number;
    second.end = ints[at + SECOND_END] as number;
    second.hash = ints[at + SECOND_HASH] as number;
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
    if (event.orgId === options.orgId && ENTITY_TYPES.has(event.type)) {
      if (!registered || eventIds.firstSeenAt(event.eventId, line) !== 0 || !entities.applyEvent(event))
        return false;
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

  const chunks = useWorker(file, options)
    ? workerChunks(file.path, options.orgId)
    : chunksHere(file.path, options.orgId);
  try {
    for await (const chunk of chunks) {
      // Leaving the loop early ends the generator, which stops the worker.
      if (!applyChunk(chunk)) return undefined;
    }
  } catch (error) {
    if (error instanceof ScanWorkerFailure) return undefined;
    throw error;
  }
  return { kept, timeline };
}

/** Files from this size are read in a worker (a smaller one is done before a worker starts). */
const WORKER_FROM_BYTES = 8 * 2 ** 20;

function useWorker(file: EventFile, options: ScanOptions): boolean {
  const reading = options.reading ?? 'auto';
  if (reading !== 'auto') return reading === 'worker';
  return availableParallelism() > 1 && statSync(file.path).size >= WORKER_FROM_BYTES;
}

async function* chunksHere(path: string, orgId: string): AsyncGenerator<RecordedChunk> {
  const recorder = new LineRecorder(Buffer.from(orgId, 'utf8'));
  for await (const chunk of readLineChunks(path)) yield recorder.record(chunk);
}

/** The worker's chunks in order; each one is acknowledged when the next is asked for. */
async function* workerChunks(path: string, orgId: string): AsyncGenerator<RecordedChunk> {
  const worker = startScanWorker({ path, orgId });
  const queue: ScanWorkerMessage[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const arrived = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: ScanWorkerMessage) => {
    queue.push(message);
    arrived();
  });
  worker.on('error', (error) => {
    failure = new ScanWorkerFailure(error.message);
    arrived();
  });
  worker.on('exit', (code) => {
    failure ??= new ScanWorkerFailure(`the scan worker stopped (exit ${code}) before the end of the file`);
    arrived();
  });
  try {
    for (;;) {
      const message = queue.shift();
      if (message === undefined) {
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      if ('done' in message) return;
      yield message.chunk;
      worker.postMessage('next');
    }
  } finally {
    await worker.terminate();
  }
}

/** The worker, from its built .js beside this file, or from the sources through tsx's loader
 * (tests run the sources; tsx is a dev dependency of the repository, never of the package). */
function startScanWorker(data: ScanWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: data });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  const worker = new URL('./scan-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

/** The worker failed (it could not start, say): the scan gives up and the caller reads the file
 * with the log checker, which is slower but needs no worker. */
class ScanWorkerFailure extends Error {}
