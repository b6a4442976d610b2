// Where the fast scan's rows come from (line-records.ts): read here, chunk after chunk, or in a
// worker thread (scan-worker.ts) while this thread checks the chunk before.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readLineChunks } from './chunked-lines.js';
import { LineRecorder, type RecordedChunk } from './line-records.js';
import type { FromScanWorker, ScanWorkerData, ToScanWorker } from './scan-worker.js';

export interface LineSource {
  /** The chunks and their rows, in file order (once). */
  readonly chunks: AsyncIterable<RecordedChunk>;
  /** Stops the reading (a worker is ended); idempotent. */
  close(): Promise<void>;
  /** From now on the process waits for the reading (a worker started early does not). */
  keepAlive(): void;
}

/** The worker failed (it could not start, say): the scan gives up and the caller reads the file
 * with the log checker, which is slower but needs no worker. */
export class ScanWorkerFailure extends Error {}

export function linesHere(path: string, orgId: string): LineSource {
  const recorder = new LineRecorder(Buffer.from(orgId, 'utf8'));
  async function* chunks(): AsyncGenerator<RecordedChunk> {
    for await (const chunk of readLineChunks(path)) yield recorder.record(chunk);
  }
  return {
    chunks: chunks(),
    close: async () => {},
    keepAlive: () => {},
  };
}

export function linesInWorker(path: string, orgId: string, options = { keepAlive: true }): LineSource {
  const worker = startScanWorker({ path, orgId });
  if (!options.keepAlive) worker.unref();
  const queue: FromScanWorker[] = [];
  let failure: ScanWorkerFailure | undefined;
  let wake: (() => void) | undefined;
  const arrived = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: FromScanWorker) => {
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

  /** The next message from the worker; throws when it failed. */
  async function next(): Promise<FromScanWorker> {
    for (;;) {
      const message = queue.shift();
      if (message !== undefined) return message;
      if (failure !== undefined) throw failure;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }

  async function* chunks(): AsyncGenerator<RecordedChunk> {
    for (;;) {
      const message = await next();
      if ('done' in message) return;
      const { bytes, ints, times } = message.chunk;
      yield message.chunk;
      // Applied: its buffers go back to be filled again (the chunk must not be used after this).
      const buffers = { bytes: bytes.buffer, ints: ints.buffer, times: times.buffer } as ToScanWorker;
      worker.postMessage(buffers, [buffers.bytes, buffers.ints, buffers.times]);
    }
  }

  return {
    chunks: chunks(),
    close: () => worker.terminate().then(() => {}),
    keepAlive: () => worker.ref(),
  };
}

/** The worker, from its built .js beside this file, or from the sources through tsx's loader
 * (tests run the sources; tsx is a dev dependency of the repository, never of the package). */
function startScanWorker(data: ScanWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: data });
  }
  const tsx = tsxEsmApi();
  const worker = new URL('./scan-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

/** tsx's ESM loader API (`tsx/esm/api` under the "import" condition, which require.resolve
 * would not pick), from its package's exports map. */
function tsxEsmApi(): string {
  const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const entry = manifest.exports['./esm/api']?.import.default;
  if (entry === undefined) throw new ScanWorkerFailure('tsx has no ESM loader API here');
  return pathToFileURL(join(dirname(manifestPath), entry)).href;
}
