// Sealing an export on a thread of its own: the main thread checks the source and writes each
// event's canonical text (canonicalEventText), the thread chains them (one SHA-256 a line, with
// the line's text, about a fifth of `tally export`'s time) and hands back the bytes to write.
// The lines are those sealEvent gives, byte for byte: the thread runs its second half.
import { startWorker } from '@tally/domain/worker-start';

/** A message to the sealing thread: a batch of canonical texts as UTF-8, joined by LF (its buffer
 * is handed back with the batch's sealed lines), a buffer of sealed lines written (to fill
 * again), or neither: the end. */
export interface SealingRequest {
  readonly canonical?: Uint8Array;
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

const encoder = new TextEncoder();

/** Lines a batch holds at most. */
const LINES_PER_BATCH = 512;

/** The size of a batch's buffer (a batch of larger events is sent when it is full). */
const BATCH_BYTES = 1 << 18;

export class SealingThread {
  private readonly worker = startWorker(import.meta.url, 'sealing-worker');
  /** The batch being filled, and the most bytes its UTF-8 can take (LFs included). */
  private texts: string[] = [];
  private most = 0;
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

  /** Seals the event whose canonical text is `canonical` after those before. A batch's texts
   * are encoded at once, into a buffer that crosses to the thread without a copy: a batch posted
   * as a string was copied by postMessage, a tenth of the export's time, and one encodeInto a
   * text cost more in its argument checks than in the encoding (docs/performance.md, "Canonical
   * text in one pass"). */
  add(canonical: string): void {
    // UTF-8 takes at most 3 bytes a UTF-16 code unit, and 1 for the LF.
    const most = canonical.length * 3 + 1;
    if (this.texts.length > 0 && this.most + most > BATCH_BYTES) this.send();
    this.texts.push(canonical);
    this.most += most;
    if (this.texts.length === LINES_PER_BATCH) this.send();
  }

  /** Hands the events added so far to the thread. */
  send(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.texts.length === 0) return;
    const free = this.most <= BATCH_BYTES ? this.inputs.pop() : undefined;
    const input =
      free !== undefined
        ? new Uint8Array(free)
        : new Uint8Array(new ArrayBuffer(Math.max(BATCH_BYTES, this.most)));
    const { written } = encoder.encodeInto(this.texts.join('\n'), input);
    const canonical = new Uint8Array(input.buffer, 0, written);
    this.worker.postMessage({ canonical } satisfies SealingRequest, [input.buffer]);
    this.inFlight += 1;
    this.texts = [];
    this.most = 0;
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
