// `tally invoice`: one invoice, as known at an instant.
import type { CivilDate, Instant } from '@tally/domain';
import { invoiceFromStore } from '@tally/ledger';
import { formatInvoice, type InvoiceFormat } from '../format/invoice-formats.js';
import { type CliIo, writeOut } from '../io.js';
import { billingFailure, type CommonOptions, withSource } from './with-source.js';

export interface InvoiceCommandOptions extends CommonOptions {
  readonly org: string;
  readonly date: CivilDate;
  readonly asKnownAt?: Instant | undefined;
  readonly format: InvoiceFormat;
}

export async function invoiceCommand(options: InvoiceCommandOptions, io: CliIo): Promise<void> {
  const asKnownAt = options.asKnownAt ?? io.now();
  const result = await withSource(options, io, 'invoice', (store) =>
    invoiceFromStore(store, { orgId: options.org, billingDate: options.date, asKnownAt }),
  );
  if (result._tag === 'Left') throw billingFailure(result.left);
  await writeOut(io.stdout, formatInvoice(result.right, options.format));
}
