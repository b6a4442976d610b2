// `tally invoices`: every invoice with a billing date in [from, to], from one counting pass.
import { type CivilDate, formatShownInvoices, type Instant, type InvoicesFormat } from '@tally/domain';
import { shownInvoicesFromStore } from '@tally/ledger';
import { shownInvoicesFromLogFile } from '@tally/ledger/log-files';
import { type CliIo, writeOut } from '../io.js';
import { billingFailure, type CommonOptions, withEventFile, withSource } from './with-source.js';

export interface InvoicesCommandOptions extends CommonOptions {
  readonly org: string;
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly asKnownAt?: Instant | undefined;
  readonly format: InvoicesFormat;
}

export async function invoicesCommand(options: InvoicesCommandOptions, io: CliIo): Promise<void> {
  const asKnownAt = options.asKnownAt ?? io.now();
  const query = { orgId: options.org, from: options.from, to: options.to, asKnownAt };
  // A file is read once, its timeline the log check's (the ledger's log files); a store goes through the ledger.
  const result =
    (await withEventFile(options, io, 'invoices', (file, progress) =>
      shownInvoicesFromLogFile(file, query, { progress }),
    )) ?? (await withSource(options, io, 'invoices', (store) => shownInvoicesFromStore(store, query)));
  if (result._tag === 'Left') throw billingFailure(result.left);
  await writeOut(io.stdout, formatShownInvoices(result.right, options.format, asKnownAt));
}
