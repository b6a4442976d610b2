// The thread of seal-thread.ts: the lines of the pieces it is sent, split as the main thread
// splits them, and their seal checked (seal-check.ts). A piece whose bytes break the export's
// rules ends the check there: the main thread reads the same bytes and refuses them itself.
import { parentPort, workerData } from 'node:worker_threads';
import { ExportBytesError, ExportLineSplitter } from './export-bytes.js';
import { SealCheck, type SealCheckOptions, summaryMessage } from './seal-check.js';
import type { SealThreadReply, SealThreadRequest } from './seal-thread.js';

const port = parentPort;
if (port === null) throw new Error('seal-worker.ts runs as a worker thread (see seal-thread.ts)');
const check = new SealCheck(workerData as SealCheckOptions);
const splitter = new ExportLineSplitter();
let broken = false;

port.on('message', (request: SealThreadRequest) => {
  if (request.piece !== undefined) {
    if (!broken) {
      try {
        splitter.push(request.piece, check.visit);
      } catch (error) {
        if (!(error instanceof ExportBytesError)) throw error;
        broken = true;
      }
    }
    port.postMessage({ pieceDone: request.piece } satisfies SealThreadReply, [
      request.piece.buffer as ArrayBuffer,
    ]);
    return;
  }
  port.postMessage({ summary: summaryMessage(check.summary()) } satisfies SealThreadReply);
  port.close();
});
