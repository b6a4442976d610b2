// One read of a sealed export for the commands that sign it or prove things about it: every
// line's bytes and seal checked (not the domain's rules: that is tally verify), each event's
// leaf hash kept (32 bytes an event, for proofs), and the issued invoices noted.
import { invoiceNumber } from '@tally/domain';
import { ExportBytesError, forEachExportLine } from './export-bytes.js';
import { type Hash, leafHash } from './hash.js';
import { LeafHashList } from './leaf-hashes.js';
import { checkSealedLine, GENESIS_CHAIN } from './seal.js';
import { TreeBuilder } from './tree.js';
import { accept, refuse, type Verdict } from './verdict.js';
import { lineProblem } from './where.js';

export interface IssuedInvoiceLine {
  readonly line: number;
  readonly eventId: string;
  /** Its number: its own, or for a version-1 invoice the one its position gives
   * (docs/billing.md#invoice-numbers). */
  readonly number: string;
  readonly billingDate: string;
  /** Bytes of the export up to and including this line's LF. */
  readonly bytesThrough: number;
}

export interface ExportScan {
  readonly orgId: string;
  readonly lines: number;
  /** The tree head of all its lines. */
  readonly root: Hash;
  /** Every leaf hash, when asked for (`keepLeaves`). */
  readonly leaves: LeafHashList | undefined;
  /** The chain of the last line. */
  readonly head: string;
  readonly invoices: readonly IssuedInvoiceLine[];
}

class Refusal extends Error {}

export interface ScanOptions {
  /** Messages name the file so (default: the path). */
  readonly name?: string;
  /** Keep every leaf hash, for proofs (32 bytes an event). */
  readonly keepLeaves?: boolean;
}

/** Reads the export at `path`. */
export async function scanExport(path: string, options: ScanOptions = {}): Promise<Verdict<ExportScan>> {
  const name = options.name ?? path;
  const leaves = options.keepLeaves === true ? new LeafHashList() : undefined;
  const tree = new TreeBuilder();
  const invoices: IssuedInvoiceLine[] = [];
  let orgId: string | undefined;
  // The org's serial code, from its registration, numbers its version-1 invoices.
  let serialCode = '';
  let head = GENESIS_CHAIN;
  let bytes = 0;
  let lines: number;
  try {
    lines = await forEachExportLine(path, (text, number) => {
      bytes += Buffer.byteLength(text, 'utf8') + 1;
      const sealed = checkSealedLine(text, number, head);
      if (!sealed.ok) throw new Refusal(lineProblem(name, number, sealed.eventId, sealed.problem));
      const { event, canonical, chain, eventId } = sealed.line;
      const org = typeof event.orgId === 'string' ? event.orgId : undefined;
      if (org === undefined || org === '')
        throw new Refusal(lineProblem(name, number, eventId, 'orgId: missing'));
      if (orgId !== undefined && org !== orgId) {
        throw new Refusal(
          lineProblem(
            name,
            number,
            eventId,
            `orgId: "${org}", but line 1 is org "${orgId}": an export holds one org`,
          ),
        );
      }
      orgId = org;
      const leaf = leafHash(canonical);
      tree.appendLeafHash(leaf);
      leaves?.push(leaf);
      head = chain;
      const data = event.data as Record<string, unknown> | undefined;
      if (event.type === 'OrganizationRegistered' && typeof data?.serialCode === 'string') {
        serialCode = data.serialCode;
      }
      if (event.type === 'InvoiceIssued' && eventId !== undefined) {
        const billingDate = typeof data?.billingDate === 'string' ? data.billingDate : '';
        const own = typeof data?.number === 'string' ? data.number : undefined;
        const invoice = own ?? invoiceNumber(serialCode, invoices.length + 1);
        invoices.push({ line: number, eventId, number: invoice, billingDate, bytesThrough: bytes });
      }
    });
  } catch (error) {
    if (error instanceof ExportBytesError) return refuse(`${name}:${error.line}: ${error.problem}`);
    if (error instanceof Refusal) return refuse(error.message);
    throw error;
  }
  if (orgId === undefined) return refuse(`${name}: empty: an export has at least one event`);
  return accept({ orgId, lines, root: tree.root(), leaves, head, invoices });
}
