// `tally prove sealed.jsonl (--invoice NUMBER | --date DATE) --checkpoint C --out BUNDLE`: the
// one-invoice proof bundle (docs/proofs.md, "The invoice bundle"): a header with the checkpoint
// and the consistency proof from the tree of the export's first N lines to the checkpoint's,
// then those N lines byte for byte, the N-th the invoice's InvoiceIssued. A prefix of the log,
// so nothing recorded before the invoice can be left out of it.
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { bundleHeaderFor, chooseIssuedInvoice, holdToCheckpoint, type InvoiceChoice } from '@tally/proofs';
import { openEventFile } from '../input/event-file.js';
import type { CliIo } from '../io.js';
import { checkOutFile, writeFileAtomically } from '../out-file.js';
import { readCheckpointForm } from './proof-inputs.js';
import { provenOrThrow, scanForProofs } from './prove-scan.js';

export interface ProveCommandOptions {
  readonly file: string;
  /** The invoice's number (`<serialCode>-<n>`, docs/billing.md#invoice-numbers), or its billing date. */
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
    const names = { export: file.name, checkpoint: options.checkpoint };
    provenOrThrow(holdToCheckpoint(scan, parsed.checkpoint, names));
    const choice: InvoiceChoice =
      options.invoice === undefined ? { billingDate: options.date ?? '' } : { number: options.invoice };
    const invoice = provenOrThrow(chooseIssuedInvoice(scan.invoices, choice, file.name));
    const header = provenOrThrow(bundleHeaderFor(scan, parsed, invoice, names));
    const size = parsed.checkpoint.size;
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

/** The header line, then the export's first `bytes` bytes, through a file renamed at the end. */
function writeBundle(path: string, header: string, exportPath: string, bytes: number): Promise<void> {
  return writeFileAtomically(path, async (out) => {
    if (!out.write(`${header}\n`)) await once(out, 'drain');
    await pipeline(createReadStream(exportPath, { start: 0, end: bytes - 1 }), out, { end: false });
  });
}
