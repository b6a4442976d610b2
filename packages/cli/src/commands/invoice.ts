// `tally invoice`: one invoice, as known at an instant.
import { type CivilDate, formatShownInvoice, type Instant, type InvoiceFormat } from '@tally/domain';
import { shownInvoiceFromStore } from '@tally/ledger';
import { shownInvoiceFromLogFile } from '@tally/ledger/log-files';
import { type CliIo, writeOut } from '../io.js';
import { billingFailure, type CommonOptions, withEventFile, withSource } from './with-source.js';

export interface InvoiceCommandOptions extends CommonOptions {
  readonly org: string;
  readonly date: CivilDate;
  readonly asKnownAt?: Instant | undefined;
  readonly format: InvoiceFormat;
}

export async function invoiceCommand(options: InvoiceCommandOptions, io: CliIo): Promise<void> {
  const asKnownAt = options.asKnownAt ?? io.now();
  const query = { orgId: options.org, billingDate: options.date, asKnownAt };
  // A file is read once, its timeline the log check's (the ledger's log files); a store goes through the ledger.
  const result =
    (await withEventFile(options, io, 'invoice', (file, progress) =>
      shownInvoiceFromLogFile(file, query, { progress }),
    )) ?? (await withSource(options, io, 'invoice', (store) => shownInvoiceFromStore(store, query)));
  if (result._tag === 'Left') throw billingFailure(result.left);
  await writeOut(io.stdout, formatShownInvoice(result.right, options.format));
}
