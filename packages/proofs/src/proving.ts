// What proving and checking take once an export is scanned and its checkpoints are parsed: an
// export held to a checkpoint's tree head, the issued invoice a bundle is made for, a bundle's
// header, the consistency proof between two checkpoints of one export, and two signed
// checkpoints held to a consistency proof (docs/proofs.md). `tally checkpoint`, `prove`,
// `prove-consistency` and `verify --proof` are these with files around them.
import type { KeyObject } from 'node:crypto';
import { bundleHeaderLine } from './bundle.js';
import { type Checkpoint, orgIdOfOrigin, originOf, originProblem, signCheckpoint } from './checkpoint.js';
import { type ConsistencyProofFile, consistencyProofText } from './consistency-file.js';
import type { ExportScan, IssuedInvoiceLine } from './export-scan.js';
import type { LeafHashList } from './leaf-hashes.js';
import { consistencyProof, subtreeHash, verifyConsistency } from './proofs.js';
import { ACCEPTED, accept, refuse, type Verdict } from './verdict.js';

/** No, and why: `misuse` when the inputs do not go together (another org's checkpoint, an
 * unknown invoice, checkpoints swapped), else the inputs are fine and the claim does not hold
 * (an export that is not the log a checkpoint signs). `tally` exits 2 for the first, 1 for the
 * second. */
export type ProvingVerdict<T = undefined> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string; readonly misuse: boolean };

const proven = <T>(value: T): ProvingVerdict<T> => ({ ok: true, value });
const misuse = <T = never>(problem: string): ProvingVerdict<T> => ({ ok: false, problem, misuse: true });
const doesNotHold = <T = never>(problem: string): ProvingVerdict<T> => ({
  ok: false,
  problem,
  misuse: false,
});

/** An export scanned with `keepLeaves`. */
export type ScannedExport = ExportScan & { readonly leaves: LeafHashList };

/** How messages name the export and a checkpoint (their paths, say). */
export interface ProvingNames {
  readonly export: string;
  readonly checkpoint: string;
}

/** The signed tree head of a whole export, as a checkpoint note. */
export function checkpointOfExport(
  scan: ExportScan,
  key: KeyObject,
  exportName: string,
): Verdict<{ checkpoint: Checkpoint; note: string }> {
  const origin = originOf(scan.orgId);
  const problem = originProblem(origin);
  if (problem !== undefined) return refuse(`${exportName}: ${problem}`);
  const checkpoint = { origin, size: scan.lines, root: scan.root };
  return accept({ checkpoint, note: signCheckpoint(checkpoint, key) });
}

/** Holds when the export is of the checkpoint's org and its first `size` lines give its root. */
export function holdToCheckpoint(
  scan: ScannedExport,
  checkpoint: Checkpoint,
  names: ProvingNames,
): ProvingVerdict {
  if (orgIdOfOrigin(checkpoint.origin) !== scan.orgId) {
    return misuse(
      `${names.checkpoint} is a checkpoint of ${checkpoint.origin}, but ${names.export} is an export of org ${scan.orgId}`,
    );
  }
  if (scan.lines < checkpoint.size) {
    return doesNotHold(
      `${names.export}: the checkpoint signs ${checkpoint.size} events, the export has ${scan.lines} (${names.checkpoint}): give the export the checkpoint was made from, or a later one`,
    );
  }
  if (!subtreeHash(scan.leaves, 0, checkpoint.size).equals(checkpoint.root)) {
    return doesNotHold(
      `${names.export}: lines 1-${checkpoint.size} do not give the tree head ${names.checkpoint} signs for ${checkpoint.size} events: this export is not (an extension of) the log it signs`,
    );
  }
  return proven(undefined);
}

/** Which issued invoice: by its number (`<serialCode>-<n>`), its InvoiceIssued's eventId, or
 * its billing date. */
export type InvoiceChoice =
  | { readonly number: string }
  | { readonly eventId: string }
  | { readonly billingDate: string };

/** The one issued invoice `choice` names among those of the export `exportName`. */
export function chooseIssuedInvoice(
  invoices: readonly IssuedInvoiceLine[],
  choice: InvoiceChoice,
  exportName: string,
): ProvingVerdict<IssuedInvoiceLine> {
  const known = () =>
    invoices.length === 0
      ? 'it has no InvoiceIssued'
      : `its issued invoices: ${invoices
          .slice(0, 5)
          .map((invoice) => `${invoice.number} (${invoice.billingDate})`)
          .join(', ')}${invoices.length > 5 ? ', ...' : ''}`;
  if ('number' in choice) {
    const found = invoices.find((invoice) => invoice.number === choice.number);
    if (found === undefined)
      return misuse(`no invoice numbered ${choice.number} in ${exportName}; ${known()}`);
    return proven(found);
  }
  if ('eventId' in choice) {
    const found = invoices.find((invoice) => invoice.eventId === choice.eventId);
    if (found === undefined)
      return misuse(`no InvoiceIssued with eventId ${choice.eventId} in ${exportName}; ${known()}`);
    return proven(found);
  }
  const onDate = invoices.filter((invoice) => invoice.billingDate === choice.billingDate);
  if (onDate.length === 0)
    return misuse(`no InvoiceIssued for billing date ${choice.billingDate} in ${exportName}; ${known()}`);
  if (onDate.length > 1) {
    return misuse(
      `${onDate.length} invoices were issued for billing date ${choice.billingDate} (${onDate.map((invoice) => invoice.number).join(', ')}): give --invoice NUMBER`,
    );
  }
  return proven(onDate[0] as IssuedInvoiceLine);
}

/** The header line of the bundle of `invoice`: the checkpoint note and the consistency proof
 * from the export's first `invoice.line` lines to the checkpoint's tree. The export must already
 * hold to the checkpoint (holdToCheckpoint). */
export function bundleHeaderFor(
  scan: ScannedExport,
  checkpoint: { readonly checkpoint: Checkpoint; readonly note: string },
  invoice: IssuedInvoiceLine,
  names: ProvingNames,
): ProvingVerdict<string> {
  const { size } = checkpoint.checkpoint;
  if (invoice.line > size) {
    return doesNotHold(
      `${names.export}:${invoice.line}: ${invoice.eventId}: the invoice is after the ${size} events ${names.checkpoint} signs: sign a newer checkpoint first`,
    );
  }
  return proven(
    bundleHeaderLine({
      checkpoint: checkpoint.note,
      consistency: consistencyProof(scan.leaves, invoice.line, size),
      size: invoice.line,
    }),
  );
}

/** Holds when two checkpoints can have a consistency proof: one origin, the older one first.
 * Messages name them `names.old` and `names.new` (the options that gave them). */
export function checkpointsInOrder(
  older: Checkpoint,
  newer: Checkpoint,
  names: { readonly old: string; readonly new: string },
): ProvingVerdict {
  if (older.origin !== newer.origin) {
    return misuse(
      `--old ${names.old} is a checkpoint of ${older.origin}, --new ${names.new} one of ${newer.origin}`,
    );
  }
  if (older.size > newer.size) {
    return misuse(
      `--old ${names.old} signs ${older.size} events, more than the ${newer.size} of --new ${names.new}: swap them`,
    );
  }
  return proven(undefined);
}

/** The consistency proof file from the older checkpoint's tree to the newer one's, both held to
 * the export (and to checkpointsInOrder). */
export function consistencyProofBetween(
  scan: ScannedExport,
  older: Checkpoint,
  newer: Checkpoint,
  names: { readonly export: string; readonly old: string; readonly new: string },
): ProvingVerdict<{ text: string; hashes: number }> {
  const ordered = checkpointsInOrder(older, newer, names);
  if (!ordered.ok) return ordered;
  for (const [checkpoint, name] of [
    [older, names.old],
    [newer, names.new],
  ] as const) {
    const held = holdToCheckpoint(scan, checkpoint, { export: names.export, checkpoint: name });
    if (!held.ok) return held;
  }
  const proof = consistencyProof(scan.leaves, older.size, newer.size);
  const file = { origin: older.origin, oldSize: older.size, newSize: newer.size, proof };
  return proven({ text: consistencyProofText(file), hashes: proof.length });
}

/** Holds when the newer signed checkpoint's log extends the older one's by `proof`: the same
 * origin, sizes in order, the proof's origin and sizes those of the two, and the RFC 9162 proof
 * between the two tree heads. The signatures are the caller's to check first (verifyCheckpoint). */
export function checkConsistency(
  older: Checkpoint,
  newer: Checkpoint,
  proof: ConsistencyProofFile,
  names: { readonly old: string; readonly new: string; readonly proof: string },
): Verdict {
  if (older.origin !== newer.origin) {
    return refuse(
      `${names.new}: a checkpoint of ${newer.origin}, but ${names.old} is one of ${older.origin}`,
    );
  }
  if (older.size > newer.size) {
    return refuse(
      `${names.old}: signs ${older.size} events, more than the ${newer.size} of ${names.new}: give the older checkpoint first`,
    );
  }
  if (proof.origin !== older.origin || proof.oldSize !== older.size || proof.newSize !== newer.size) {
    return refuse(
      `${names.proof}: a proof for ${proof.origin} from ${proof.oldSize} to ${proof.newSize} events, not from ${older.size} to ${newer.size} events of ${older.origin}`,
    );
  }
  const verdict = verifyConsistency(older.size, newer.size, older.root, newer.root, proof.proof);
  if (!verdict.ok)
    return refuse(`${names.proof}: ${names.new} does not extend ${names.old}: ${verdict.problem}`);
  return ACCEPTED;
}
