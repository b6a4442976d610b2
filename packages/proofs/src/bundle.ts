// One-invoice proof bundles (docs/proofs.md, "The invoice bundle"): a header line, then the
// first N lines of a sealed export byte for byte, the last of them the invoice's InvoiceIssued.
// The header carries the signed checkpoint and the consistency proof from the tree of those N
// events to the checkpoint's tree. Verifying reads the bundle once and checks every part: the
// bytes, the header's form, the signature, each line's seal, each event against the domain's
// rules, the proof, and the invoice priced again from the N events. Nothing is skipped when an
// earlier part already looks fine, and nothing outside the bundle and the public key is read.
import type { KeyObject } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { canonicalJson, type EventIdTable, type InvoiceIssued, type InvoiceManifest } from '@tally/domain';
import { type Checkpoint, orgIdOfOrigin, verifyCheckpoint } from './checkpoint.js';
import { OrgEventLog } from './event-log.js';
import { type ExportBytesError, ExportLineSplitter } from './export-bytes.js';
import { HASH_BYTES, type Hash } from './hash.js';
import { manifestDifferenceText, manifestNote, verifierManifest } from './manifest-note.js';
import { verifyConsistency } from './proofs.js';
import { reproduceIssuedInvoice } from './replay.js';
import { GENESIS_CHAIN, partsOfSealedLine } from './seal.js';
import type { SealSummary } from './seal-check.js';
import {
  firstProblem,
  type LocatedProblem,
  ReadStop,
  readBesideSeal,
  type SealChecker,
  STEP,
  sealCheckFor,
  sealCheckHere,
  sealProblemOf,
  stopProblem,
} from './seal-thread.js';
import { accept, refuse, type Verdict } from './verdict.js';
import { lineProblem } from './where.js';

export const BUNDLE_FORMAT = 'tally-invoice-proof/1';

export interface BundleHeader {
  /** The signed note, whole. */
  readonly checkpoint: string;
  /** The consistency proof from the tree of the bundle's `size` events to the checkpoint's. */
  readonly consistency: readonly Hash[];
  /** Event lines that follow the header. */
  readonly size: number;
}

/** The header line (RFC 8785 canonical JSON), without its newline. */
export function bundleHeaderLine(header: BundleHeader): string {
  return canonicalJson({
    checkpoint: header.checkpoint,
    consistency: header.consistency.map((hash) => hash.toString('base64')),
    format: BUNDLE_FORMAT,
    size: header.size,
  });
}

const HEADER_KEYS = ['checkpoint', 'consistency', 'format', 'size'];

/** The header of line 1, or why not. */
export function parseBundleHeader(text: string): Verdict<BundleHeader> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse('header: not JSON; a bundle starts with its header line');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return refuse('header: not a JSON object');
  const header = json as Record<string, unknown>;
  const keys = Object.keys(header).sort();
  if (keys.join() !== HEADER_KEYS.join()) {
    return refuse(`header: has the fields ${keys.join(', ')}; a bundle header has ${HEADER_KEYS.join(', ')}`);
  }
  if (header.format !== BUNDLE_FORMAT) {
    return refuse(`header.format: ${JSON.stringify(header.format)}, not "${BUNDLE_FORMAT}"`);
  }
  const { checkpoint, consistency, size } = header;
  if (typeof checkpoint !== 'string') return refuse('header.checkpoint: not a string');
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
    return refuse('header.size: not a number of events (1 or more)');
  }
  if (!Array.isArray(consistency)) return refuse('header.consistency: not a list of hashes');
  const proof: Hash[] = [];
  for (const [i, item] of consistency.entries()) {
    const hash = typeof item === 'string' ? Buffer.from(item, 'base64') : undefined;
    if (hash === undefined || hash.length !== HASH_BYTES || hash.toString('base64') !== item) {
      return refuse(`header.consistency[${i}]: not the base64 of a 32-byte hash`);
    }
    proof.push(hash);
  }
  if (canonicalJson(header) !== text)
    return refuse('header: not in RFC 8785 canonical form (the bytes were rewritten)');
  return accept({ checkpoint, consistency: proof, size });
}

export interface VerifiedBundle {
  readonly checkpoint: Checkpoint;
  readonly orgId: string;
  /** Events in the bundle: the first `events` of the log the checkpoint signs. */
  readonly events: number;
  /** The chain of the last event (the export's chain at that line). */
  readonly chain: string;
  readonly invoice: InvoiceIssued;
  /** When the invoice's manifest differs from the verifier's (docs/proofs.md#the-manifest):
   * which versions computed it and which reproduced it. A note, not a refusal. */
  readonly manifestNote: string | undefined;
}

export interface VerifyBundleOptions {
  /** The verifier's own manifest, compared with the invoice's; this host's by default. */
  readonly manifest?: InvoiceManifest;
  /** Where the bundle's event ids are kept (default: every id in a Map, ~100 bytes an event);
   * its recall is given the bundle's line numbers (the header is line 1). */
  readonly eventIds?: EventIdTable;
  /** Check the events' seal on a thread of its own (default: for files of 4 MB or more). */
  readonly threads?: boolean;
}

/** Thrown inside the read to stop it at the first refusal (as a message). */
class Refusal extends Error {}

/** The seal check's thread skips the header line. */
const sealOptions = { skipLines: 1, tree: true, rootsAt: [] } as const;

/** Checks a bundle arriving in pieces; its events' seal and tree are checked by `seal`
 * (seal-thread.ts), the rest here. */
class BundleCheck {
  private header: BundleHeader | undefined;
  private checkpoint: Checkpoint | undefined;
  private log: OrgEventLog | undefined;
  /** The chain the last line read states. */
  private stated = GENESIS_CHAIN;
  private last: { event: InvoiceIssued | undefined; type: string; line: number; eventId: string } | undefined;

  constructor(
    private readonly name: string,
    private readonly publicKey: KeyObject,
    private readonly manifest: InvoiceManifest,
    private readonly eventIds: EventIdTable | undefined,
    private readonly seal: SealChecker,
  ) {}

  readonly visit = (text: string, number: number): void => {
    if (number === 1) {
      this.readHeader(text);
      return;
    }
    const header = this.header as BundleHeader;
    const log = this.log as OrgEventLog;
    const event = number - 1;
    if (event > header.size) {
      throw this.stop(
        number,
        STEP.line,
        `${this.name}:${number}: the header says ${header.size} events, the bundle has more`,
      );
    }
    const parts = this.seal.line(text, number) ? partsOfSealedLine(text, event, this.stated) : undefined;
    if (parts === undefined) throw new ReadStop(undefined);
    // Given the bundle's line, so an earlier event a refusal names is named by its line too.
    const accepted = log.accept(parts.canonical, number);
    if (!accepted.ok) {
      // The line's eventId is asked for only to name a refusal: asking parses the line's JSON,
      // which costs more than decoding it (the decoder reads it on its fast path).
      const eventId = sealedEventId(parts.canonical);
      throw this.stop(number, STEP.events, lineProblem(this.name, number, eventId, accepted.problem));
    }
    this.stated = parts.chain;
    const decoded = accepted.value;
    this.last = {
      event: decoded.type === 'InvoiceIssued' ? decoded : undefined,
      type: decoded.type,
      line: number,
      eventId: decoded.eventId,
    };
  };

  private stop(line: number, step: number, message: string): ReadStop {
    return new ReadStop({ line, step, message });
  }

  private readHeader(text: string): void {
    const refused = (problem: string) => this.stop(1, STEP.line, `${this.name}:1: ${problem}`);
    const header = parseBundleHeader(text);
    if (!header.ok) throw refused(header.problem);
    const checkpoint = verifyCheckpoint(header.value.checkpoint, this.publicKey);
    if (!checkpoint.ok) throw refused(`header.checkpoint: ${checkpoint.problem}`);
    const orgId = orgIdOfOrigin(checkpoint.value.origin) as string;
    if (header.value.size > checkpoint.value.size) {
      throw refused(
        `header.size: ${header.value.size} events, but the checkpoint signs only ${checkpoint.value.size}`,
      );
    }
    this.header = header.value;
    this.checkpoint = checkpoint.value;
    this.log = new OrgEventLog(orgId, this.eventIds);
  }

  /** The verdict once every line was read (or the read stopped at `stopped`), and the seal
   * check's summary is in. */
  finish(lines: number, stopped: LocatedProblem | undefined, summary: SealSummary): VerifiedBundle {
    const first = firstProblem([
      stopped,
      sealProblemOf(summary, (broken) => lineProblem(this.name, broken.line, broken.eventId, broken.problem)),
    ]);
    if (first !== undefined) throw new Refusal(first.message);
    if (this.header === undefined) throw new Refusal(`${this.name}: empty: not a bundle`);
    const header = this.header;
    const checkpoint = this.checkpoint as Checkpoint;
    const log = this.log as OrgEventLog;
    if (lines - 1 !== header.size) {
      throw new Refusal(`${this.name}: the header says ${header.size} events, the bundle has ${lines - 1}`);
    }
    const last = this.last as NonNullable<BundleCheck['last']>;
    if (last.event === undefined) {
      throw new Refusal(
        lineProblem(
          this.name,
          last.line,
          last.eventId,
          `the last event is an ${last.type}, not the InvoiceIssued the bundle proves`,
        ),
      );
    }
    const consistent = verifyConsistency(
      header.size,
      checkpoint.size,
      summary.root,
      checkpoint.root,
      header.consistency,
    );
    if (!consistent.ok) {
      throw new Refusal(
        `${this.name}: the ${header.size} events are not the first ${header.size} of the log the checkpoint signs (${checkpoint.size} events): header.consistency: ${consistent.problem}`,
      );
    }
    const problem = reproduceIssuedInvoice(last.event, log.state.entities, log.billingEvents, {
      serialCode: log.state.registration?.serialCode ?? '',
      issuedInvoices: log.state.issuedInvoices,
    });
    if (problem !== undefined) {
      const versions = manifestDifferenceText(last.event, this.manifest);
      const hint = versions === undefined ? '' : ` (the invoice was ${versions})`;
      throw new Refusal(lineProblem(this.name, last.line, last.event.eventId, `${problem}${hint}`));
    }
    return {
      checkpoint,
      orgId: log.orgId,
      events: header.size,
      chain: summary.chain,
      invoice: last.event,
      manifestNote: manifestNote(last.event, this.manifest),
    };
  }
}

/** The eventId of a canonical event text, to name a refusal. The text may not be JSON at all
 * when its seal is checked on another thread (which then refuses the line itself). */
function sealedEventId(canonical: string): string | undefined {
  try {
    const id = (JSON.parse(canonical) as { eventId?: unknown }).eventId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

function settle(run: () => VerifiedBundle): Verdict<VerifiedBundle> {
  try {
    return accept(run());
  } catch (error) {
    if (error instanceof Refusal) return refuse(error.message);
    throw error;
  }
}

const bundleCheck = (name: string, publicKey: KeyObject, options: VerifyBundleOptions, seal: SealChecker) =>
  new BundleCheck(name, publicKey, options.manifest ?? verifierManifest(), options.eventIds, seal);

const bytesProblem = (name: string, error: ExportBytesError) => `${name}:${error.line}: ${error.problem}`;

/** Verifies the bundle `bytes` (named `name` in messages) against `publicKey`. */
export function verifyBundle(
  bytes: Uint8Array,
  publicKey: KeyObject,
  name = 'bundle',
  options: VerifyBundleOptions = {},
): Verdict<VerifiedBundle> {
  const seal = sealCheckHere(sealOptions);
  const check = bundleCheck(name, publicKey, options, seal);
  const splitter = new ExportLineSplitter();
  let stopped: LocatedProblem | undefined;
  try {
    splitter.push(bytes, check.visit);
    splitter.end();
  } catch (error) {
    stopped = stopProblem(error, (bytesError) => bytesProblem(name, bytesError));
  }
  return settle(() => check.finish(splitter.lines, stopped, seal.summary()));
}

/** The same for the bundle file at `path`, read in pieces; a large one has its seal checked on
 * a thread of its own (`threads`: always, or never). */
export async function verifyBundleFile(
  path: string,
  publicKey: KeyObject,
  name = path,
  options: VerifyBundleOptions = {},
): Promise<Verdict<VerifiedBundle>> {
  const seal = sealCheckFor((await stat(path)).size, sealOptions, options.threads);
  const check = bundleCheck(name, publicKey, options, seal);
  const read = await readBesideSeal(path, check.visit, seal, (error) => bytesProblem(name, error));
  return settle(() => check.finish(read.lines, read.stopped, read.summary));
}
