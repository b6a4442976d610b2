// The thread of reading-thread.ts: reads the file ahead of the main thread, at most
// `chunksInFlight` chunks ahead, records every line's event id (eventIdOfLine) in the domain's
// EventIdTable and posts each chunk with the lines whose id it had seen before. It loads the
// domain's text rules only (@tally/domain/wire-text), not its codecs.
import { parentPort, workerData } from 'node:worker_threads';
import { EventIdTable } from '@tally/domain/wire-text';
import { LineSplitter, LineTooLongError, lineAtSync, readLineChunks } from './byte-lines.js';
import { eventIdOfLine } from './line-event-id.js';
import type { ReadingReply, ReadingRequest, ReadingThreadData } from './reading-thread.js';

const port = parentPort;
if (port === null) throw new Error('reading-worker.ts runs as a worker thread (see reading-thread.ts)');
const { path, maxLineBytes, expectedIds, chunksInFlight } = workerData as ReadingThreadData;

/** Buffers of chunks the main thread has visited, to be read into again. */
const free: Buffer[] = [];
let inFlight = 0;
let resume: (() => void) | undefined;
port.on('message', (request: ReadingRequest) => {
  free.push(Buffer.from(request.done));
  inFlight -= 1;
  resume?.();
  resume = undefined;
});

/** The id of an earlier line, read back when a new id has both its hashes (see EventIdTable). */
const recall = (line: number): string | undefined => {
  const text = lineAtSync(path, line);
  if (text === undefined) return undefined;
  const bytes = Buffer.from(text);
  return eventIdOfLine(bytes, 0, bytes.length);
};

async function read(): Promise<void> {
  const splitter = new LineSplitter();
  const table = new EventIdTable(recall, expectedIds);
  for await (const { bytes, atEnd } of readLineChunks(path, free, maxLineBytes)) {
    const repeats: number[] = [];
    splitter.split(bytes, atEnd, (chunk, start, end, number) => {
      const eventId = eventIdOfLine(chunk, start, end);
      if (eventId === undefined) return true;
      const earlier = table.firstSeenAt(eventId, number);
      if (earlier !== 0) repeats.push(number, earlier);
      return true;
    });
    const buffer = bytes.buffer as ArrayBuffer;
    const reply: ReadingReply = {
      chunk: buffer,
      length: bytes.length,
      atEnd,
      lastLine: splitter.number,
      repeats,
    };
    inFlight += 1;
    port?.postMessage(reply, [buffer]);
    while (inFlight >= chunksInFlight) {
      await new Promise<void>((wake) => {
        resume = wake;
      });
    }
  }
}

read().catch((error: unknown) => {
  const reply: ReadingReply =
    error instanceof LineTooLongError
      ? { tooLong: true }
      : {
          failure: {
            message: error instanceof Error ? error.message : String(error),
            code: error instanceof Error && 'code' in error ? String(error.code) : undefined,
          },
        };
  port.postMessage(reply);
});
