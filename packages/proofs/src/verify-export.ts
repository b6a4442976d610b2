// `tally verify` as a library check: is a sealed export intact and does it hold? One read
// checks, line by line, the bytes (LF line ends, a final LF, UTF-8: the export's bytes are its
// canonical bytes), the chain, the canonical form, the codecs and the log's consistency (the
// domain's log checker building each org's entity timeline as it goes), keeping the billing
// events and every InvoiceIssued; with checkpoints, each event is also a leaf of the Merkle tree
// whose head a signed checkpoint gives for its first lines. Then each issued invoice is priced
// again by the domain from its org's timeline and compared byte for byte; one computed with
// other versions than the verifier's (its manifest) is noted, not refused. The answer names the
// FIRST thing that breaks.
import { stat } from 'node:fs/promises';
import {
  BILLING_FACT_TYPES,
  createLogChecker,
  EntityTimeline,
  type EventIdTable,
  type InvoiceIssued,
  type InvoiceManifest,
  type LogChecker,
  type TallyEvent,
} from '@tally/domain';
import type { Checkpoint } from './checkpoint.js';
import { orgIdOfOrigin } from './checkpoint.js';
import { manifestDifferenceText, manifestNote, verifierManifest } from './manifest-note.js';
import { reproduceIssuedInvoice } from './replay.js';
import { GENESIS_CHAIN, partsOfSealedLine } from './seal.js';
import type { SealSummary } from './seal-check.js';
import {
  firstProblem,
  type LocatedProblem,
  ReadStop,
  readBesideSeal,
  STEP,
  sealCheckFor,
  sealProblemOf,
} from './seal-thread.js';
import { accept, refuse, type Verdict } from './verdict.js';
import { lineProblem } from './where.js';

/** A checkpoint already verified against its key, and the name messages give it. */
export interface SignedHead {
  readonly name: string;
  readonly checkpoint: Checkpoint;
}

export interface VerifyExportOptions {
  /** Messages name the file so (default: the path). */
  readonly name?: string;
  /** Checkpoints the export must match: its first `size` lines give each one's root. */
  readonly checkpoints?: readonly SignedHead[];
  /** Where the log checker keeps event ids (default: the domain's, every id in memory). */
  readonly eventIds?: EventIdTable;
  /** Called once for every line read. */
  readonly onLine?: () => void;
  /** The verifier's own manifest, compared with each invoice's; this host's by default. */
  readonly manifest?: InvoiceManifest;
  /** Check the seal on a thread of its own (default: for files of 4 MB or more). */
  readonly threads?: boolean;
}

export interface VerifiedExport {
  readonly lines: number;
  /** The chain of the last line. */
  readonly head: string;
  /** The InvoiceIssued events reproduced. */
  readonly invoices: number;
  /** One note for each invoice whose manifest differs from the verifier's, in line order
   * (docs/proofs.md#the-manifest): reproduced all the same. */
  readonly manifestNotes: readonly string[];
}

class Refusal extends Error {}

/** Reads the export at `path` once and checks everything it claims. */
export async function verifyExport(
  path: string,
  options: VerifyExportOptions = {},
): Promise<Verdict<VerifiedExport>> {
  const name = options.name ?? path;
  const heads = (options.checkpoints ?? []).map((head) => ({
    ...head,
    orgId: orgIdOfOrigin(head.checkpoint.origin) as string,
  }));
  try {
    const sealed = await checkSeal(path, name, heads, options);
    for (const { name: where, checkpoint } of heads) {
      if (sealed.lines < checkpoint.size) {
        return refuse(
          `${name}: the checkpoint signs ${checkpoint.size} events, the export has ${sealed.lines}: lines were removed from its end, or it is an export of an earlier log (${where})`,
        );
      }
    }
    const own = options.manifest ?? verifierManifest();
    const manifestNotes: string[] = [];
    for (const issued of sealed.invoices) {
      const { orgId } = issued.event.data;
      const state = sealed.checker.stateOf(orgId);
      const problem = reproduceIssuedInvoice(
        issued.event,
        state?.entities ?? new EntityTimeline(),
        sealed.billingEvents.get(orgId) ?? [],
        { serialCode: state?.registration?.serialCode ?? '', issuedInvoices: state?.issuedInvoices ?? [] },
      );
      if (problem !== undefined) {
        const versions = manifestDifferenceText(issued.event, own);
        const hint = versions === undefined ? '' : ` (the invoice was ${versions})`;
        return refuse(lineProblem(name, issued.line, issued.event.eventId, `${problem}${hint}`));
      }
      const note = manifestNote(issued.event, own);
      if (note !== undefined) manifestNotes.push(note);
    }
    return accept({
      lines: sealed.lines,
      head: sealed.head,
      invoices: sealed.invoices.length,
      manifestNotes,
    });
  } catch (error) {
    if (error instanceof Refusal) return refuse(error.message);
    throw error;
  }
}

interface Head extends SignedHead {
  readonly orgId: string;
}

interface ReadResult {
  readonly lines: number;
  readonly head: string;
  readonly checker: LogChecker;
  readonly billingEvents: Map<string, TallyEvent[]>;
  /** In line order, so the first that fails is the first line that breaks. */
  readonly invoices: { readonly line: number; readonly event: InvoiceIssued }[];
}

/** The one read of the file, its seal checked beside it (seal-thread.ts); throws a Refusal
 * with the first problem of the read. */
async function checkSeal(
  path: string,
  name: string,
  heads: readonly Head[],
  options: VerifyExportOptions,
): Promise<ReadResult> {
  const checker = createLogChecker({
    source: name,
    ...(options.eventIds === undefined ? {} : { eventIds: options.eventIds }),
  });
  const billingEvents = new Map<string, TallyEvent[]>();
  const invoices: ReadResult['invoices'] = [];
  // Without a checkpoint no tree is built: the plain verify costs what it did.
  const seal = sealCheckFor(
    (await stat(path)).size,
    { skipLines: 0, tree: heads.length > 0, rootsAt: heads.map((head) => head.checkpoint.size) },
    options.threads,
  );
  let stated = GENESIS_CHAIN;
  let lines = 0;
  const stop = (line: number, eventId: string | undefined, problem: string) =>
    new ReadStop({ line, step: STEP.events, message: lineProblem(name, line, eventId, problem) });
  const visit = (text: string, number: number) => {
    options.onLine?.();
    const parts = seal.line(text, number) ? partsOfSealedLine(text, number, stated) : undefined;
    if (parts === undefined) throw new ReadStop(undefined);
    const accepted = checker.acceptLine(parts.canonical, number);
    if (accepted._tag === 'Left')
      throw stop(accepted.left.line, accepted.left.eventId, accepted.left.message);
    const decoded = accepted.right;
    for (const signed of heads) {
      if (decoded.orgId !== signed.orgId) {
        throw stop(
          number,
          decoded.eventId,
          `orgId: "${decoded.orgId}", but ${signed.name} is a checkpoint of org "${signed.orgId}"`,
        );
      }
    }
    if (BILLING_FACT_TYPES.has(decoded.type)) {
      const list = billingEvents.get(decoded.orgId) ?? [];
      list.push(decoded);
      billingEvents.set(decoded.orgId, list);
    }
    if (decoded.type === 'InvoiceIssued') invoices.push({ line: number, event: decoded });
    stated = parts.chain;
    lines = number;
  };
  const read = await readBesideSeal(path, visit, seal, (error) =>
    lineProblem(name, error.line, undefined, error.problem),
  );
  const first = firstProblem([
    read.stopped,
    sealProblemOf(read.summary, (broken) => lineProblem(name, broken.line, broken.eventId, broken.problem)),
    ...heads.map((signed) => treeHeadProblem(name, signed, read.summary)),
  ]);
  if (first !== undefined) throw new Refusal(first.message);
  return { lines, head: read.summary.chain, checker, billingEvents, invoices };
}

/** The tree head of the checkpoint's first lines against the one it signs, when they were read. */
function treeHeadProblem(name: string, signed: Head, summary: SealSummary): LocatedProblem | undefined {
  const size = signed.checkpoint.size;
  const root = summary.roots.get(size);
  if (root === undefined || root.equals(signed.checkpoint.root)) return undefined;
  return {
    line: size,
    step: STEP.treeHead,
    message: `${name}: lines 1-${size} do not give the tree head ${signed.name} signs for ${size} events (${signed.checkpoint.root.toString('base64')}; they give ${root.toString('base64')}): one of them was changed, removed, added or moved and the chain sealed again, or the export is of another log`,
  };
}
