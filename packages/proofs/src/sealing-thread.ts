// Sealing an export on a thread of its own: the main thread checks the source and hands over
// the lines of the events to export; the thread decodes each line again with the domain's decoder,
// writes its event's canonical text (canonicalEventJson) and chains them (one SHA-256 a line,
// with the line's text), and hands back the bytes to write. The main thread's canonical texts
// were most of what kept it busier than the reading
// (docs/performance.md, "The export's canonical texts on the sealing thread").
// The lines are those sealEvent gives the main thread's events, byte for byte: the decoder is
// the one the main thread checked them with.
import { startWorker } from '@tally/domain/worker-start';

/** A message to the sealing thread: a batch of event lines as UTF-8, joined by LF (its buffer is
 * handed back with the batch's sealed lines), a buffer of sealed lines written (to fill again),
 * or neither: the end. */
export interface SealingRequest {
  readonly lines?: Uint8Array;
  readonly written?: ArrayBuffer;
}

/** A message from it: a batch's sealed lines as UTF-8 and the batch's own buffer, or the chain
 * of the last line after the end. */
export interface SealingReply {
  readonly sealed?: Uint8Array;
  readonly input?: ArrayBuffer;
  readonly head?: string;
}

/** Writes a batch's bytes and calls `done` once they are written (their buffer is then reused). */
export type SealedBytesWriter = (bytes: Uint8Array, done: () => void) => void;

/** Lines a batch holds at most. */
const LINES_PER_BATCH = 512;

/** The size of a batch's buffer (a batch of larger events is sent when it is full). */
const BATCH_BYTES = 1 << 18;

export class SealingThread {
  private readonly worker = startWorker(import.meta.url, 'sealing-worker');
  /** The batch being filled: `used` bytes, `lines` lines. */
  private input = new Uint8Array(BATCH_BYTES);
  private used = 0;
  private lines = 0;
  /** Batch buffers handed back by the thread. */
  private readonly inputs: ArrayBuffer[] = [];
  private inFlight = 0;
  private waiters: { readonly limit: number; readonly resolve: () => void }[] = [];
  private failure: Error | undefined;
  private readonly head: Promise<string>;

  constructor(private readonly write: SealedBytesWriter) {
    this.head = new Promise<string>((resolve, reject) => {
      this.worker.on('message', (reply: SealingReply) => {
        if (reply.input !== undefined && reply.input.byteLength === BATCH_BYTES)
          this.inputs.push(reply.input);
        if (reply.sealed !== undefined) this.sealed(reply.sealed);
        else if (reply.head !== undefined) resolve(reply.head);
      });
      const fail = (error: Error) => {
        this.failure ??= error;
        this.wake();
        reject(this.failure);
      };
      this.worker.on('error', fail);
      this.worker.on('exit', (code) => fail(new Error(`the sealing thread stopped (exit code ${code})`)));
    });
    // A rejection nobody awaits yet is not an unhandled one: end() hands it over.
    this.head.catch(() => {});
  }

  /** Seals the event of the line `bytes[start, end)` (one line of a log, without its line end,
   * that a log checker accepted) after those before. Lines are copied into a buffer that crosses
   * to the thread without a copy. */
  add(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start;
    // The line, and the LF before it.
    if (this.used + length + 1 > this.input.length) {
      this.send();
      if (length > this.input.length) this.input = new Uint8Array(length);
    }
    if (this.lines > 0) this.input[this.used++] = 0x0a;
    this.input.set(bytes.subarray(start, end), this.used);
    this.used += length;
    this.lines += 1;
    if (this.lines === LINES_PER_BATCH) this.send();
  }

  /** Hands the events added so far to the thread. */
  send(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.lines === 0) return;
    const buffer = this.input.buffer as ArrayBuffer;
    this.worker.postMessage({ lines: new Uint8Array(buffer, 0, this.used) } satisfies SealingRequest, [
      buffer,
    ]);
    this.inFlight += 1;
    const free = this.inputs.pop();
    this.input = new Uint8Array(free ?? new ArrayBuffer(BATCH_BYTES));
    this.used = 0;
    this.lines = 0;
  }

  /** Resolves once at most `limit` batches are still being sealed. */
  async below(limit: number): Promise<void> {
    if (this.inFlight > limit && this.failure === undefined) {
      await new Promise<void>((resolve) => this.waiters.push({ limit, resolve }));
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** The chain of the last line, once every batch was handed to the writer. */
  async end(): Promise<string> {
    this.send();
    if (this.failure === undefined) this.worker.postMessage({} satisfies SealingRequest);
    try {
      return await this.head;
    } finally {
      await this.worker.terminate();
    }
  }

  /** Stops the thread without waiting for what it was sent (the export failed). */
  async abandon(): Promise<void> {
    await this.worker.terminate();
  }

  private sealed(bytes: Uint8Array): void {
    this.inFlight -= 1;
    this.write(bytes, () => {
      const buffer = bytes.buffer as ArrayBuffer;
      this.worker.postMessage({ written: buffer } satisfies SealingRequest, [buffer]);
    });
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (this.inFlight <= waiter.limit || this.failure !== undefined) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }
}
