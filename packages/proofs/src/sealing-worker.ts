// The thread of sealing-thread.ts: the canonical event texts it is sent, a batch at a time (as
// UTF-8, joined by LF: canonical JSON holds no raw LF), sealed in order (sealCanonical) and
// handed back as the UTF-8 bytes of the export's lines, in buffers the main thread returns once
// written.
import { parentPort } from 'node:worker_threads';
import { GENESIS_CHAIN, sealCanonical } from './seal.js';
import type { SealingReply, SealingRequest } from './sealing-thread.js';

const port = parentPort;
if (port === null) throw new Error('sealing-worker.ts runs as a worker thread (see sealing-thread.ts)');
const free: ArrayBuffer[] = [];
let head = GENESIS_CHAIN;

port.on('message', (request: SealingRequest) => {
  if (request.written !== undefined) {
    free.push(request.written);
    return;
  }
  if (request.canonical === undefined) {
    port.postMessage({ head } satisfies SealingReply);
    port.close();
    return;
  }
  const batch = request.canonical;
  let text = '';
  for (const canonical of Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength)
    .toString()
    .split('\n')) {
    const sealed = sealCanonical(canonical, head);
    head = sealed.chain;
    text += `${sealed.text}\n`;
  }
  const length = Buffer.byteLength(text);
  let buffer = free.pop();
  if (buffer === undefined || buffer.byteLength < length) buffer = new ArrayBuffer(Math.max(length, 1 << 18));
  const bytes = Buffer.from(buffer, 0, length);
  bytes.write(text);
  const input = batch.buffer as ArrayBuffer;
  port.postMessage({ sealed: new Uint8Array(buffer, 0, length), input } satisfies SealingReply, [
    buffer,
    input,
  ]);
});
