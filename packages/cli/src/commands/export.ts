// `tally export`: an organization's events as a sealed JSONL file (sealEvent, @tally/proofs).
// The source is read once, each event checked and sealed as it streams, into a file beside the
// result: to --out FILE, FILE.partial, renamed to FILE only when the whole source was good; to
// stdout, a temporary file that is copied to stdout only then. A bad line, a source that changes
// under the read or a signal (see leftovers.ts) leaves no output: stdout never gets a partial
// export.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TallyEvent } from '@tally/domain';
import { type EventStore, loadOrgEvents, orgStreamName, StreamNotFoundError } from '@tally/ledger';
import { checkLogFile } from '@tally/ledger/log-files';
import { GENESIS_CHAIN, SEAL_THREAD_MIN_BYTES, SealingThread, sealEvent } from '@tally/proofs';
import type { EventFile } from '../input/event-file.js';
import type { Progress } from '../input/progress.js';
import type { CliIo } from '../io.js';
import { removeOnSignal } from '../leftovers.js';
import { checkOutFile, writeFileAtomically } from '../out-file.js';
import { type CommonOptions, noSuchOrg, sourceNameOf, withEventFile, withSource } from './with-source.js';

export interface ExportCommandOptions extends CommonOptions {
  readonly org: string;
  /** Absent: stdout. */
  readonly out?: string | undefined;
}

/** Writes the sealed lines of the export to `out`: its number of events and chain head. */
type SealTo = (out: Writable) => Promise<Sealed>;

interface Sealed {
  readonly count: number;
  readonly head: string;
}

export async function exportCommand(options: ExportCommandOptions, io: CliIo): Promise<void> {
  if (options.out !== undefined) await checkOutFile(options.out);
  const write = async (sealTo: SealTo): Promise<Sealed> => {
    try {
      if (options.out !== undefined) return await writeFileAtomically(options.out, sealTo);
      return await writeSealedToStdout(sealTo, io.stdout);
    } catch (error) {
      throw noSuchOrg(error, options.org, sourceNameOf(options.source));
    }
  };
  // A file is read by the reader invoices uses, line by line in chunks; a store through the ledger.
  const { count, head } =
    (await withEventFile(options, io, 'export', (file, progress) =>
      write((out) => sealFileLines(file, options.org, out, progress)),
    )) ??
    (await withSource(options, io, 'export', (store) => write((out) => sealStream(store, options.org, out))));
  if (!options.quiet) {
    io.stderr.write(`exported ${count} events of org ${options.org}; chain head ${head}\n`);
  }
}

/** Lines are written in batches of this many: a write per line costs more than sealing it. */
const LINES_PER_WRITE = 512;

/** Bytes of sealed lines written between two flushes, encoded in place (see SealedBatch). */
const BYTES_BETWEEN_FLUSHES = 4 * 1024 * 1024;

/** Seals an org's events into an output, a batch at a time. */
interface Sealer {
  /** The event, and the line `bytes[start, end)` of the file it was read from. */
  add(event: TallyEvent, bytes: Uint8Array, start: number, end: number): void;
  /** Events added. */
  readonly size: number;
  /** Called after each chunk of the source: hands over what was added, and waits when the
   * output is behind. */
  flush(): Promise<void>;
  end(): Promise<Sealed>;
  /** Lets go of what it holds when the export failed. */
  abandon(): Promise<void>;
}

/** The sealed lines of `orgId`'s events, as one text at a time: a write per line costs more than
 * sealing it. */
class SealedBatch implements Sealer {
  private head = GENESIS_CHAIN;
  private count = 0;
  private text = '';
  // The texts handed to the stream are encoded into this one buffer, reused after each flush:
  // a string written to a file stream became a new buffer of its own, a malloc of ~150 KB every
  // 512 lines that left the process's memory fragmented (about 40 MB of RSS at 2M events).
  private readonly bytes = Buffer.allocUnsafe(BYTES_BETWEEN_FLUSHES);
  private used = 0;
  private lastWrite: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(private readonly out: Writable) {}

  add(event: TallyEvent): void {
    const sealed = sealEvent(event, this.head);
    this.head = sealed.chain;
    this.count += 1;
    this.text += `${sealed.text}\n`;
    // Handed to the stream every LINES_PER_WRITE lines, without waiting (flush waits): lines
    // held as strings until the end of a 1 MB chunk outlived the young generation and were
    // collected only by full collections, about 20 MB more at a million events.
    if (this.count % LINES_PER_WRITE === 0) this.write();
  }

  get size(): number {
    return this.count;
  }

  private write(): void {
    if (this.text === '') return;
    const length = Buffer.byteLength(this.text);
    let chunk: Buffer;
    if (this.used + length <= this.bytes.length) {
      chunk = this.bytes.subarray(this.used, this.used + this.bytes.write(this.text, this.used));
      this.used += length;
    } else {
      // More than a flush's worth before a flush (a store's page of huge events): a buffer of its own.
      chunk = Buffer.from(this.text);
    }
    this.text = '';
    // Writes finish in order: the last one's callback says every earlier one is done.
    this.lastWrite = new Promise((resolve) =>
      this.out.write(chunk, (error) => {
        this.failure ??= error ?? undefined;
        resolve();
      }),
    );
  }

  /** Writes what was added and waits until the stream has written it all (so the buffer can
   * be reused). */
  async flush(): Promise<void> {
    this.write();
    await this.lastWrite;
    if (this.failure !== undefined) throw this.failure;
    this.used = 0;
  }

  async end(): Promise<Sealed> {
    await this.flush();
    return { count: this.count, head: this.head };
  }

  async abandon(): Promise<void> {}
}

/** The same batches sealed on a thread of its own (SealingThread): this thread checks the
 * source and hands over the org's lines, the other writes their canonical texts and chains them;
 * the bytes are those SealedBatch writes. For large files (docs/performance.md, "Export sealed on a thread"). */
class ThreadSealedBatch implements Sealer {
  private readonly thread: SealingThread;
  private count = 0;
  private lastWrite: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(out: Writable) {
    this.thread = new SealingThread((bytes, done) => {
      this.lastWrite = new Promise((resolve) =>
        out.write(bytes, (error) => {
          this.failure ??= error ?? undefined;
          done();
          resolve();
        }),
      );
    });
  }

  add(_event: TallyEvent, bytes: Uint8Array, start: number, end: number): void {
    this.thread.add(bytes, start, end);
    this.count += 1;
  }

  get size(): number {
    return this.count;
  }

  /** Sends what was added; waits while the thread is more than a few batches behind. */
  async flush(): Promise<void> {
    this.thread.send();
    await this.thread.below(BATCHES_AHEAD);
    if (this.failure !== undefined) throw this.failure;
  }

  async end(): Promise<Sealed> {
    const head = await this.thread.end();
    await this.lastWrite;
    if (this.failure !== undefined) throw this.failure;
    return { count: this.count, head };
  }

  /** Stops the thread (the export failed). */
  abandon(): Promise<void> {
    return this.thread.abandon();
  }
}

/** Batches the sealing thread may be behind the reading before the reading waits. */
const BATCHES_AHEAD = 16;

/** An export from a store: the org's stream through the ledger. */
async function sealStream(store: EventStore, orgId: string, out: Writable): Promise<Sealed> {
  const batch = new SealedBatch(out);
  for await (const event of loadOrgEvents(store, orgId)) {
    batch.add(event);
    if (batch.size % LINES_PER_WRITE === 0) await batch.flush();
  }
  return batch.end();
}

/** An export from a file: every line checked (all orgs), the org's events sealed as they come,
 * written after each chunk of the file (about 1 MB). */
async function sealFileLines(
  file: EventFile,
  orgId: string,
  out: Writable,
  progress: Progress,
): Promise<Sealed> {
  // The thread's start is worth it from a few MB on (docs/performance.md, "Export sealed on a thread").
  const large = (await stat(file.path)).size >= SEAL_THREAD_MIN_BYTES;
  const batch: Sealer = large ? new ThreadSealedBatch(out) : new SealedBatch(out);
  try {
    const add = (event: TallyEvent, bytes: Uint8Array, start: number, end: number) => {
      if (event.orgId === orgId) batch.add(event, bytes, start, end);
      return true;
    };
    // Read here, not on a reading thread: with the seal's thread that made three threads on two
    // cores, no faster and 75 MB more (docs/performance.md, "A reading thread for log files").
    await checkLogFile(file, {
      progress,
      onEvent: add,
      afterChunk: () => batch.flush(),
      readingThread: false,
    });
    if (batch.size === 0) throw new StreamNotFoundError(orgStreamName(orgId));
    return await batch.end();
  } catch (error) {
    await batch.abandon();
    throw error;
  }
}

/** The whole export into a temporary file, then that file to stdout: what reaches stdout is an
 * export of the whole source, checked to its last line, or nothing. */
async function writeSealedToStdout(sealTo: SealTo, stdout: Writable): Promise<Sealed> {
  const directory = await mkdtemp(join(tmpdir(), 'tally-export-'));
  const forget = removeOnSignal(directory);
  try {
    const path = join(directory, 'export.jsonl');
    const result = await writeFileAtomically(path, sealTo);
    await pipeline(createReadStream(path), stdout, { end: false });
    return result;
  } finally {
    await rm(directory, { recursive: true, force: true });
    forget();
  }
}
