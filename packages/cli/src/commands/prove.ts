// `tally prove sealed.jsonl (--invoice EVENT_ID | --date DATE) --checkpoint C --out BUNDLE`: the
// one-invoice proof bundle (docs/proofs.md, "The invoice bundle"): a header with the checkpoint
// and the consistency proof from the tree of the export's first N lines to the checkpoint's,
// then those N lines byte for byte, the N-th the invoice's InvoiceIssued. A prefix of the log,
// so nothing recorded before the invoice can be left out of it.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { bundleHeaderLine, consistencyProof, type IssuedInvoiceLine } from '@tally/proofs';
import { badInput, failure } from '../errors.js';
import { openEventFile } from '../input/event-file.js';
import type { CliIo } from '../io.js';
import { checkOutFile } from '../out-file.js';
import { readCheckpointForm } from './proof-inputs.js';
import { holdToCheckpoint, scanForProofs } from './prove-scan.js';

export interface ProveCommandOptions {
  readonly file: string;
  /** The InvoiceIssued's eventId, or its billing date. */
  readonly invoice?: string | undefined;
  readonly date?: string | undefined;
  readonly checkpoint: string;
  readonly out: string;
  readonly quiet: boolean;
}

export async function proveCommand(options: ProveCommandOptions, io: CliIo): Promise<void> {
  const parsed = await readCheckpointForm(options.checkpoint, '--checkpoint');
  await checkOutFile(options.out);
  const file = await openEventFile(options.file, io.stdin);
  try {
    const scan = await scanForProofs(file.path, file.name);
    holdToCheckpoint(scan, file.name, parsed, options.checkpoint);
    const invoice = pickInvoice(scan.invoices, options, file.name);
    const size = parsed.checkpoint.size;
    if (invoice.line > size) {
      throw failure(
        `${file.name}:${invoice.line}: ${invoice.eventId}: the invoice is after the ${size} events ${options.checkpoint} signs: sign a newer checkpoint first`,
      );
    }
    const header = bundleHeaderLine({
      checkpoint: parsed.note,
      consistency: consistencyProof(scan.leaves, invoice.line, size),
      size: invoice.line,
    });
    await writeBundle(options.out, header, file.path, invoice.bytesThrough);
    if (!options.quiet) {
      io.stderr.write(
        `wrote ${options.out}: invoice ${invoice.eventId} (billing date ${invoice.billingDate}), lines 1-${invoice.line} of ${file.name}, proven against ${options.checkpoint} (${size} events)\n`,
      );
    }
  } finally {
    await file.dispose();
  }
}

function pickInvoice(
  invoices: readonly IssuedInvoiceLine[],
  options: ProveCommandOptions,
  name: string,
): IssuedInvoiceLine {
  const known = () =>
    invoices.length === 0
      ? 'it has no InvoiceIssued'
      : `its issued invoices: ${invoices
          .slice(0, 5)
          .map((invoice) => `${invoice.eventId} (${invoice.billingDate})`)
          .join(', ')}${invoices.length > 5 ? ', ...' : ''}`;
  if (options.invoice !== undefined) {
    const found = invoices.find((invoice) => invoice.eventId === options.invoice);
    if (found === undefined)
      throw badInput(`tally: no InvoiceIssued with eventId ${options.invoice} in ${name}; ${known()}`);
    return found;
  }
  const onDate = invoices.filter((invoice) => invoice.billingDate === options.date);
  if (onDate.length === 0)
    throw badInput(`tally: no InvoiceIssued for billing date ${options.date} in ${name}; ${known()}`);
  if (onDate.length > 1) {
    throw badInput(
      `tally: ${onDate.length} invoices were issued for billing date ${options.date} (${onDate.map((invoice) => invoice.eventId).join(', ')}): give --invoice EVENT_ID`,
    );
  }
  return onDate[0] as IssuedInvoiceLine;
}

/** The header line, then the export's first `bytes` bytes, through a file renamed at the end. */
async function writeBundle(path: string, header: string, exportPath: string, bytes: number): Promise<void> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  try {
    if (!out.write(`${header}\n`)) await once(out, 'drain');
    await pipeline(createReadStream(exportPath, { start: 0, end: bytes - 1 }), out);
    await rename(partial, path);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
