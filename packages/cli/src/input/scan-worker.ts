// The worker thread of a large scan: reads the file and records its lines (line-records.ts),
// handing each chunk and its rows to the main thread without copying them. At most 16 chunks
// are in flight: the main thread sends each one's buffers back when it has applied it (they are
// read into again), so a file far larger than memory never piles up in messages. The main
// thread ends the worker when it is done.
import { parentPort, workerData } from 'node:worker_threads';
import { readLineChunks } from './chunked-lines.js';
import { LineRecorder, type RecordedChunk } from './line-records.js';

/** What the main thread tells the worker to read. */
export interface ScanWorkerData {
  readonly path: string;
  readonly orgId: string;
}

/** What the worker posts: a chunk and its rows, or that the file is done. */
export type FromScanWorker = { readonly chunk: RecordedChunk } | { readonly done: true };

/** What the main thread posts when it has applied a chunk: the chunk's buffers, to be filled
 * again (the worker may read one more). */
export interface ToScanWorker {
  readonly bytes: ArrayBuffer;
  readonly ints: ArrayBuffer;
  readonly times: ArrayBuffer;
}

const CHUNKS_IN_FLIGHT = 16;

const port = parentPort;
if (port === null) throw new Error('scan-worker.ts runs as a worker thread');
const { path, orgId } = workerData as ScanWorkerData;
const recorder = new LineRecorder(Buffer.from(orgId, 'utf8'));
const recycled: Buffer[] = [];
let credits = CHUNKS_IN_FLIGHT;
let wake: (() => void) | undefined;
port.on('message', (applied: ToScanWorker) => {
  recycled.push(Buffer.from(applied.bytes));
  recorder.recycle(new Int32Array(applied.ints), new Float64Array(applied.times));
  credits += 1;
  wake?.();
});

for await (const lineChunk of readLineChunks(path, recycled)) {
  while (credits === 0) {
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  credits -= 1;
  const chunk = recorder.record(lineChunk);
  port.postMessage({ chunk } satisfies FromScanWorker, [
    chunk.bytes.buffer as ArrayBuffer,
    chunk.ints.buffer as ArrayBuffer,
    chunk.times.buffer as ArrayBuffer,
  ]);
}
port.postMessage({ done: true } satisfies FromScanWorker);
