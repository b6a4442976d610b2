// Where a sealed file's seal is checked (seal-check.ts): on the main thread, line by line as the
// events are decoded, or, for a large file, on a thread of its own that is sent the file's pieces
// as they are read, so that the hashing (three SHA-256 calls a line, about half of `tally verify`'s
// time) runs beside the decoding. The main thread then reads each line's event without its
// chain, and the first problem of either thread is the one reported (see firstProblem).

import { startWorker } from '@tally/domain/worker-start';
import { ExportBytesError, type ExportLineVisitor, forEachExportLine } from './export-bytes.js';
import {
  SealCheck,
  type SealCheckOptions,
  type SealProblem,
  type SealSummary,
  type SealSummaryMessage,
  summaryOfMessage,
} from './seal-check.js';

/** Files at least this large have their seal checked on a thread: starting one costs tens of
 * milliseconds, about what hashing a few thousand lines does (docs/performance.md, "The seal on
 * a thread of its own"). */
export const SEAL_THREAD_MIN_BYTES = 4 * 1024 * 1024;

/** A message to the seal thread: a piece of the file, or the end. */
export interface SealThreadRequest {
  readonly piece?: Uint8Array;
}

/** A message from it: a piece checked (its buffer handed back, to be filled again), or the
 * summary after the end. */
export interface SealThreadReply {
  readonly pieceDone?: Uint8Array;
  readonly summary?: SealSummaryMessage;
}

/** The seal check of one read of a file, fed both ways: every piece read and every line split
 * (the one that checks ignores the other). */
export interface SealChecker {
  /** The next piece read from the file (copied when kept); a promise when the caller should
   * wait before reading more. */
  piece(bytes: Uint8Array): Promise<void> | undefined;
  /** Line `number` of the file; false when its seal is broken (checked on this thread only). */
  line(text: string, number: number): boolean;
  /** The summary, once every piece was given (or the read stopped). */
  finish(): Promise<SealSummary>;
}

/** The seal checked on this thread, as the lines arrive; its summary can be read at once. */
export function sealCheckHere(options: SealCheckOptions): SealChecker & { summary(): SealSummary } {
  const check = new SealCheck(options);
  return {
    piece: () => undefined,
    line: check.visit,
    finish: async () => check.summary(),
    summary: () => check.summary(),
  };
}

/** Pieces handed over and not yet checked, before the reader waits. */
const MAX_PIECES_IN_FLIGHT = 8;

/** The size of the buffers pieces are copied into (a file is read 1 MB at a time). */
const PIECE_BYTES = 1 << 20;

/** The seal checked on a thread of its own. */
export function sealCheckOnThread(options: SealCheckOptions): SealChecker {
  const worker = startWorker(import.meta.url, 'seal-worker', options);
  // The buffers pieces are copied into go to the thread and come back: a new buffer a piece was
  // memory outside the heaps that only a full collection gave back (tens of MB at a time).
  const free: ArrayBuffer[] = [];
  let inFlight = 0;
  let resume: (() => void) | undefined;
  let failure: Error | undefined;
  let settle: ((summary: SealSummary) => void) | undefined;
  let fail: ((error: Error) => void) | undefined;
  const done = new Promise<SealSummary>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  // A rejection nobody awaits yet is not an unhandled one: finish() hands it over.
  done.catch(() => {});
  const stop = (error: Error) => {
    failure ??= error;
    resume?.();
    fail?.(failure);
  };
  worker.on('message', (reply: SealThreadReply) => {
    if (reply.pieceDone !== undefined) {
      free.push(reply.pieceDone.buffer as ArrayBuffer);
      inFlight -= 1;
      const waiting = resume;
      resume = undefined;
      waiting?.();
    } else if (reply.summary !== undefined) {
      settle?.(summaryOfMessage(reply.summary));
    }
  });
  worker.on('error', stop);
  worker.on('exit', (code) => stop(new Error(`the seal check's thread stopped (exit code ${code})`)));
  return {
    piece(bytes) {
      if (failure !== undefined) return undefined;
      let buffer = free.pop();
      if (buffer === undefined || buffer.byteLength < bytes.byteLength) {
        buffer = new ArrayBuffer(Math.max(bytes.byteLength, PIECE_BYTES));
      }
      const copy = new Uint8Array(buffer, 0, bytes.byteLength);
      copy.set(bytes);
      worker.postMessage({ piece: copy } satisfies SealThreadRequest, [buffer]);
      inFlight += 1;
      if (inFlight < MAX_PIECES_IN_FLIGHT) return undefined;
      return new Promise<void>((resolve) => {
        resume = resolve;
      });
    },
    line: () => true,
    async finish() {
      if (failure === undefined) worker.postMessage({} satisfies SealThreadRequest);
      try {
        return await done;
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** The checker for a file of `bytes` bytes: on a thread when it is large, or as `threads` says. */
export function sealCheckFor(bytes: number, options: SealCheckOptions, threads?: boolean): SealChecker {
  return (threads ?? bytes >= SEAL_THREAD_MIN_BYTES) ? sealCheckOnThread(options) : sealCheckHere(options);
}

/** A problem of one read, where it is found: the file's line, and the step of that line's
 * checks (STEP: the line itself, then its seal, then its event, then tree heads), so that of
 * problems found on two threads the one reported is the one a read line by line meets first. */
export interface LocatedProblem {
  readonly line: number;
  readonly step: number;
  readonly message: string;
}

/** The steps of a line's checks, in order. `line`: the line itself, before its seal is looked
 * at (its bytes, or its place in the file: a bundle's header, a line past the header's count). */
export const STEP = { line: 0, seal: 1, events: 2, treeHead: 3 } as const;

/** The first of `problems` (undefined ones ignored). */
export function firstProblem(problems: readonly (LocatedProblem | undefined)[]): LocatedProblem | undefined {
  let first: LocatedProblem | undefined;
  for (const problem of problems) {
    if (problem === undefined) continue;
    if (
      first === undefined ||
      problem.line < first.line ||
      (problem.line === first.line && problem.step < first.step)
    )
      first = problem;
  }
  return first;
}

/** Thrown inside a read at a problem of the reading thread; undefined when the seal is broken
 * (the seal check says how). */
export class ReadStop extends Error {
  constructor(readonly problem: LocatedProblem | undefined) {
    super(problem?.message ?? 'the seal is broken');
  }
}

/** How a read of a file beside its seal check ended: the lines read, the problem that stopped
 * it on the reading thread (a ReadStop's, or the bytes'), and the seal check's summary. */
export interface SealedRead {
  readonly lines: number;
  readonly stopped: LocatedProblem | undefined;
  readonly summary: SealSummary;
}

/** Reads the file at `path` line by line into `visit`, its pieces to `seal`; `bytesMessage`
 * words a refusal of the bytes. Any other error is thrown on, the seal's thread stopped first. */
export async function readBesideSeal(
  path: string,
  visit: ExportLineVisitor,
  seal: SealChecker,
  bytesMessage: (error: ExportBytesError) => string,
): Promise<SealedRead> {
  let lines = 0;
  let stopped: LocatedProblem | undefined;
  let sealBroken = false;
  try {
    lines = await forEachExportLine(path, visit, (piece) => seal.piece(piece));
  } catch (error) {
    try {
      stopped = stopProblem(error, bytesMessage);
      sealBroken = stopped === undefined;
    } catch (other) {
      await seal.finish().catch(() => undefined);
      throw other;
    }
  }
  const summary = await seal.finish();
  // A read that stopped at a broken seal the check did not find would otherwise pass as whole.
  if (sealBroken && summary.problem === undefined) {
    throw new Error(`${path}: the read stopped at a broken seal that the seal check did not find`);
  }
  return { lines, stopped, summary };
}

/** The problem `error` stopped a read with: a ReadStop's, or the bytes' (`bytesMessage` words
 * it); any other error is thrown on. */
export function stopProblem(
  error: unknown,
  bytesMessage: (error: ExportBytesError) => string,
): LocatedProblem | undefined {
  if (error instanceof ExportBytesError)
    return { line: error.line, step: STEP.line, message: bytesMessage(error) };
  if (error instanceof ReadStop) return error.problem;
  throw error;
}

/** The seal check's problem, located; `message` words it. */
export function sealProblemOf(
  summary: SealSummary,
  message: (problem: SealProblem) => string,
): LocatedProblem | undefined {
  const problem = summary.problem;
  return problem && { line: problem.line, step: STEP.seal, message: message(problem) };
}
