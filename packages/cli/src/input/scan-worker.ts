// The worker thread of a large scan: reads the file and records its lines (line-records.ts),
// handing each chunk and its rows to the main thread without copying them. At most a few
// chunks are in flight: the main thread acknowledges each one it has applied, so a file far
// larger than memory never piles up in messages.
import { parentPort, workerData } from 'node:worker_threads';
import { readLineChunks } from './chunked-lines.js';
import { LineRecorder, type RecordedChunk } from './line-records.js';

/** What the main thread tells the worker to read. */
export interface ScanWorkerData {
  readonly path: string;
  readonly orgId: string;
}

/** What the worker posts: a chunk and its rows, or that the file is done. */
export type ScanWorkerMessage = { readonly chunk: RecordedChunk } | { readonly done: true };

export const CHUNKS_IN_FLIGHT = 4;

const port = parentPort;
if (port === null) throw new Error('scan-worker.ts runs as a worker thread');
const { path, orgId } = workerData as ScanWorkerData;
let credits = CHUNKS_IN_FLIGHT;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits += 1;
  wake?.();
});

const recorder = new LineRecorder(Buffer.from(orgId, 'utf8'));
for await (const lineChunk of readLineChunks(path)) {
  while (credits === 0) {
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  credits -= 1;
  const chunk = recorder.record(lineChunk);
  port.postMessage({ chunk } satisfies ScanWorkerMessage, [
    chunk.bytes.buffer as ArrayBuffer,
    chunk.ints.buffer as ArrayBuffer,
    chunk.times.buffer as ArrayBuffer,
  ]);
}
port.postMessage({ done: true } satisfies ScanWorkerMessage);
port.close();
