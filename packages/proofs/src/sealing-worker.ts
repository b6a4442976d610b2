// The thread of sealing-thread.ts: the event lines it is sent, a batch at a time (as UTF-8, joined
// by LF: a line holds no raw LF), decoded again with the domain's decoder (the one that accepted
// them), each event's canonical text sealed in order (sealCanonical) and handed back as the
// UTF-8 bytes of the export's lines, in buffers the main thread returns once written.
import { parentPort } from 'node:worker_threads';
import { canonicalEventJson, createLogDecoder } from '@tally/domain';
import { SealedLineWriter } from './seal.js';
import type { SealingReply, SealingRequest } from './sealing-thread.js';

const port = parentPort;
if (port === null) throw new Error('sealing-worker.ts runs as a worker thread (see sealing-thread.ts)');
const free: ArrayBuffer[] = [];
// One decoder for the whole export: it keeps each org's currency from its registration, as the
// main thread's did when it accepted the lines.
const decoder = createLogDecoder();
const writer = new SealedLineWriter();
let line = 0;
/** The size of a batch's sealed lines' buffer (grown for a batch of larger events). */
const SEALED_BYTES = 1 << 19;

/** The canonical text of the event on `bytes[start, end)`, which the main thread accepted. */
function canonicalOf(bytes: Uint8Array, start: number, end: number): string {
  line += 1;
  const decoded = decoder.decodeLineBytes(bytes, start, end, line);
  if (decoded._tag === 'Left') {
    throw new Error(
      `the sealing thread could not decode event ${line} of the export: ${decoded.left.message}`,
    );
  }
  return canonicalEventJson(decoded.right);
}

port.on('message', (request: SealingRequest) => {
  if (request.written !== undefined) {
    free.push(request.written);
    return;
  }
  if (request.lines === undefined) {
    port.postMessage({ head: writer.head } satisfies SealingReply);
    port.close();
    return;
  }
  const batch = request.lines;
  // A Buffer's indexOf, and the decoder reads a Buffer's bytes without a view of its own.
  const lines = Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
  let out = Buffer.from(free.pop() ?? new ArrayBuffer(SEALED_BYTES));
  let used = 0;
  let start = 0;
  while (start <= lines.length) {
    let end = lines.indexOf(0x0a, start);
    if (end === -1) end = lines.length;
    const canonical = canonicalOf(lines, start, end);
    const most = SealedLineWriter.most(canonical);
    if (used + most > out.length) {
      const larger = Buffer.from(new ArrayBuffer(Math.max(2 * out.length, used + most)));
      out.copy(larger, 0, 0, used);
      out = larger;
    }
    used = writer.write(canonical, out, used);
    start = end + 1;
  }
  const buffer = out.buffer as ArrayBuffer;
  const input = batch.buffer as ArrayBuffer;
  port.postMessage({ sealed: new Uint8Array(buffer, 0, used), input } satisfies SealingReply, [
    buffer,
    input,
  ]);
});
