// A log file read on a thread of its own: the thread reads the chunks (readLineChunks), numbers
// their lines as the main thread will (LineSplitter) and checks every line's event id
// (FileEventIds); each chunk crosses to the main thread without a copy, with the lines whose id
// repeats an earlier one, and its buffer comes back to be read into again once its lines are
// visited. The main thread is left to decode and check the events: on a million-line file the
// ids' table was an eighth to a fifth of `tally invoices`
// (docs/performance.md, "A reading thread for log files").
// A failure the thread reports (a line too long, a read error) reaches the main thread after the
// chunks read before it, as readLineChunks would have thrown it there. A thread that fails
// itself before its first chunk (it cannot start) leaves the file to the main thread.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '@tally/domain/worker-start';
import { type LineChunk, type LineChunkSource, LineTooLongError } from './byte-lines.js';
import type { FileEventIds } from './file-event-ids.js';

/** What the thread is started with. */
export interface ReadingThreadData {
  readonly path: string;
  readonly maxLineBytes: number;
  /** Sizes the thread's EventIdTable. */
  readonly expectedIds: number;
  /** Chunks (of about 1 MB) read ahead at most. */
  readonly chunksInFlight: number;
}

/** From the thread: a chunk and the ids checked through its last line, or why it stopped. */
export type ReadingReply =
  | {
      readonly chunk: ArrayBuffer;
      readonly length: number;
      readonly atEnd: boolean;
      /** The number of the chunk's last line (as LineSplitter counts). */
      readonly lastLine: number;
      /** Pairs of a line of the chunk and the earlier line whose event id it repeats. */
      readonly repeats: readonly number[];
    }
  | { readonly tooLong: true }
  | { readonly failure: { readonly message: string; readonly code: string | undefined } };

/** To the thread: a chunk's buffer, visited, to be read into again. */
export interface ReadingRequest {
  readonly done: ArrayBuffer;
}

/** Files at least this large are read on a thread when the machine has a second core: below it,
 * starting the thread (tens of ms) costs more than it saves. */
export const READING_THREAD_MIN_BYTES = 8 << 20;

/** Whether a file of `bytes` is worth a reading thread on this machine. */
export const readingThreadPays = (bytes: number): boolean =>
  bytes >= READING_THREAD_MIN_BYTES && availableParallelism() > 1;

/** Starts the thread of reading-worker.ts (a parameter for the tests: a thread that fails). */
export type StartReadingWorker = (data: ReadingThreadData) => Worker;

const startReadingWorker: StartReadingWorker = (data) => startWorker(import.meta.url, 'reading-worker', data);

/** The chunks of `data.path` read by a thread, which checks their event ids for `ids`. A thread
 * that fails before its first chunk (it cannot start, say) leaves the file to `here`, this
 * thread's reads, with the ids checked here: the read goes on as without a thread. */
export function readingThreadChunks(
  data: ReadingThreadData,
  ids: FileEventIds,
  here: () => LineChunkSource,
  start: StartReadingWorker = startReadingWorker,
): LineChunkSource {
  ids.checkedByThread();
  let worker: Worker | undefined;
  let local: LineChunkSource | undefined;
  async function* chunks(): AsyncGenerator<LineChunk> {
    const thread = start(data);
    worker = thread;
    // It keeps the process alive only while this thread waits for it: a caller that stops
    // early returns the generator (which ends the thread), one that drops it does not hang.
    thread.unref();
    const replies: ReadingReply[] = [];
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const woken = () => {
      wake?.();
      wake = undefined;
    };
    thread.on('message', (reply: ReadingReply) => {
      replies.push(reply);
      woken();
    });
    thread.on('error', (error: Error) => {
      failure ??= error;
      woken();
    });
    thread.on('exit', (code) => {
      failure ??= new Error(`the reading thread stopped (exit code ${code})`);
      woken();
    });
    let handedOver = 0;
    try {
      for (;;) {
        while (replies.length === 0 && failure === undefined) {
          thread.ref();
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          thread.unref();
        }
        const reply = replies.shift();
        if (reply === undefined) {
          if (handedOver > 0)
            throw new Error(`reading ${data.path} on a second thread failed: ${failure?.message}`);
          ids.checkedHere();
          local = here();
          yield* local.chunks;
          return;
        }
        if ('tooLong' in reply) throw new LineTooLongError(data.maxLineBytes);
        if ('failure' in reply)
          throw Object.assign(new Error(reply.failure.message), { code: reply.failure.code });
        ids.checked(reply.lastLine, reply.repeats);
        handedOver += 1;
        yield { bytes: Buffer.from(reply.chunk, 0, reply.length), atEnd: reply.atEnd };
        if (reply.atEnd) return;
      }
    } finally {
      worker = undefined;
      await thread.terminate();
    }
  }
  return {
    chunks: chunks(),
    done(chunk) {
      if (local !== undefined) {
        local.done(chunk);
        return;
      }
      const buffer = chunk.bytes.buffer as ArrayBuffer;
      worker?.postMessage({ done: buffer } satisfies ReadingRequest, [buffer]);
    },
  };
}
