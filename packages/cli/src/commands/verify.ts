// `tally verify`: is a sealed export intact and does it hold? One read checks, line by line, the
// bytes (LF line ends, a final LF, UTF-8: the export's bytes are its canonical bytes), the chain,
// the canonical form, the codecs and the log's consistency (the log checker building each org's
// entity timeline as it goes), keeping the billing events and every InvoiceIssued; with
// --checkpoint, each event is also a leaf of the Merkle tree whose head a signed checkpoint
// gives for its first lines. Then each issued invoice is priced again by the domain from its
// org's timeline, as known at its own recordedAt, and compared byte for byte. The FIRST thing
// that breaks is named; exit 1.
import type { KeyObject } from 'node:crypto';
import { statSync } from 'node:fs';
import {
  BILLING_FACT_TYPES,
  EntityTimeline,
  EventIdTable,
  type InvoiceIssued,
  type TallyEvent,
} from '@tally/domain';
import {
  type Checkpoint,
  checkSealedLine,
  ExportBytesError,
  forEachExportLine,
  GENESIS_CHAIN,
  leafHash,
  orgIdOfOrigin,
  reproduceIssuedInvoice,
  TreeBuilder,
} from '@tally/proofs';
import { failure, inputLine } from '../errors.js';
import { lineAtSync } from '../input/chunked-lines.js';
import { openEventFile } from '../input/event-file.js';
import { createLogChecker, type LogChecker } from '../input/log-checker.js';
import { createProgress, type Progress } from '../input/progress.js';
import { type CliIo, writeOut } from '../io.js';
import { readPublicKeyFile, readVerifiedCheckpoint } from './proof-inputs.js';

export interface VerifyCommandOptions {
  readonly file: string;
  readonly quiet: boolean;
  /** Checkpoint files the export must match (each needs `publicKey`). */
  readonly checkpoints?: readonly string[];
  readonly publicKey?: string | undefined;
}

interface IssuedInvoice {
  readonly line: number;
  readonly event: InvoiceIssued;
}

interface SignedHead {
  readonly path: string;
  readonly checkpoint: Checkpoint;
  readonly orgId: string;
}

export async function verifyCommand(options: VerifyCommandOptions, io: CliIo): Promise<void> {
  // The key and the checkpoints are checked before the export is read: a long read is not
  // wasted on a checkpoint that does not verify.
  const heads = await signedHeads(options);
  const file = await openEventFile(options.file, io.stdin);
  const progress = createProgress(io, 'verify', { quiet: options.quiet });
  try {
    const sealed = await checkSeal(file.path, file.name, heads, progress);
    for (const head of heads) {
      if (sealed.lines < head.checkpoint.size) {
        throw failure(
          `${file.name}: the checkpoint signs ${head.checkpoint.size} events, the export has ${sealed.lines}: lines were removed from its end, or it is an export of an earlier log (${head.path})`,
        );
      }
    }
    for (const issued of sealed.invoices) {
      const { orgId } = issued.event.data;
      const state = sealed.checker.stateOf(orgId);
      const problem = reproduceIssuedInvoice(
        issued.event,
        state?.entities ?? new EntityTimeline(),
        sealed.billingEvents.get(orgId) ?? [],
        { serialCode: state?.registration?.serialCode ?? '', issuedInvoices: state?.issuedInvoices ?? [] },
      );
      if (problem !== undefined)
        throw failure(inputLine(file.name, issued.line, issued.event.eventId, problem));
    }
    progress.done();
    const count = sealed.invoices.length;
    const lines = [
      `verified ${file.name}: ${sealed.lines} lines, chain head ${sealed.head}, ${count} issued ${count === 1 ? 'invoice' : 'invoices'} reproduced`,
      ...heads.map(({ path, checkpoint }) => {
        const later = sealed.lines - checkpoint.size;
        return `matches ${path}: lines 1-${checkpoint.size} are the ${checkpoint.size} events it signs for ${checkpoint.origin} (root ${checkpoint.root.toString('base64')})${later > 0 ? `; lines ${checkpoint.size + 1}-${sealed.lines} are later` : ''}`;
      }),
    ];
    await writeOut(io.stdout, `${lines.join('\n')}\n`);
  } finally {
    progress.done();
    await file.dispose();
  }
}

async function signedHeads(options: VerifyCommandOptions): Promise<SignedHead[]> {
  const paths = options.checkpoints ?? [];
  if (paths.length === 0) return [];
  const key: KeyObject = await readPublicKeyFile(options.publicKey as string);
  const heads: SignedHead[] = [];
  for (const path of paths) {
    const checkpoint = await readVerifiedCheckpoint(path, key);
    heads.push({ path, checkpoint, orgId: orgIdOfOrigin(checkpoint.origin) as string });
  }
  return heads;
}

interface SealCheck {
  readonly lines: number;
  readonly head: string;
  readonly checker: LogChecker;
  readonly billingEvents: Map<string, TallyEvent[]>;
  /** In line order, so the first that fails is the first line that breaks. */
  readonly invoices: IssuedInvoice[];
}

/** The one read of the file. */
async function checkSeal(
  path: string,
  name: string,
  heads: readonly SignedHead[],
  progress: Progress,
): Promise<SealCheck> {
  const checker = createLogChecker(name, { eventIds: exportEventIds(path) });
  const billingEvents = new Map<string, TallyEvent[]>();
  const invoices: IssuedInvoice[] = [];
  // Without a checkpoint no tree is built: the plain verify costs what it did.
  const tree = heads.length > 0 ? new TreeBuilder() : undefined;
  let head = GENESIS_CHAIN;
  let lines = 0;
  const visit = (text: string, number: number) => {
    progress.tick();
    const sealed = checkSealedLine(text, number, head);
    if (!sealed.ok) throw failure(inputLine(name, number, sealed.eventId, sealed.problem));
    const { canonical, chain } = sealed.line;
    const accepted = checker.accept(canonical, number);
    if (accepted._tag === 'Left') throw failure(accepted.left);
    const decoded = accepted.right;
    if (tree !== undefined) {
      for (const signed of heads) {
        if (decoded.orgId !== signed.orgId) {
          throw failure(
            inputLine(
              name,
              number,
              decoded.eventId,
              `orgId: "${decoded.orgId}", but ${signed.path} is a checkpoint of org "${signed.orgId}"`,
            ),
          );
        }
      }
      tree.appendLeafHash(leafHash(canonical));
      for (const signed of heads) if (signed.checkpoint.size === number) checkRoot(name, signed, tree);
    }
    if (BILLING_FACT_TYPES.has(decoded.type)) {
      const list = billingEvents.get(decoded.orgId) ?? [];
      list.push(decoded);
      billingEvents.set(decoded.orgId, list);
    }
    if (decoded.type === 'InvoiceIssued') invoices.push({ line: number, event: decoded });
    head = chain;
    lines = number;
  };
  try {
    if (tree !== undefined)
      for (const signed of heads) if (signed.checkpoint.size === 0) checkRoot(name, signed, tree);
    await forEachExportLine(path, visit);
  } catch (error) {
    if (error instanceof ExportBytesError)
      throw failure(inputLine(name, error.line, undefined, error.problem));
    throw error;
  }
  return { lines, head, checker, billingEvents, invoices };
}

/** The export's event ids as hashes (12 bytes an event, not a Map of every id): a line whose
 * hashes match an earlier one's is told apart by reading the earlier line back. */
function exportEventIds(path: string): EventIdTable {
  const recall = (line: number) => {
    const text = lineAtSync(path, line);
    // The line was accepted: one JSON object whose eventId is a string.
    return text === undefined ? undefined : (JSON.parse(text) as { eventId: string }).eventId;
  };
  // Sized as the file reader sizes its table (lines of 256 bytes), plus each line's chain member
  // (`"chain":"<64 hex>",`, 76 bytes): sized for 256 alone, a million-line export got a table
  // for four million ids (48 MB instead of 24).
  return new EventIdTable(recall, statSync(path).size / (256 + 76));
}

/** The tree of the lines so far against the checkpoint of that many events. */
function checkRoot(name: string, signed: SignedHead, tree: TreeBuilder): void {
  const root = tree.root();
  if (root.equals(signed.checkpoint.root)) return;
  const size = signed.checkpoint.size;
  throw failure(
    `${name}: lines 1-${size} do not give the tree head ${signed.path} signs for ${size} events (${signed.checkpoint.root.toString('base64')}; they give ${root.toString('base64')}): one of them was changed, removed, added or moved and the chain sealed again, or the export is of another log`,
  );
}
