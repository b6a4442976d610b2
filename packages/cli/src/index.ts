// The public API of @tally/cli: the command line in-process and each command as a function. The
// report's data and page are @tally/report's.

// Named here as they always were: the invoice formats and RFC 8785 canonical JSON are the
// domain's, the seal of an export (docs/cli.md, "tally export") is @tally/proofs', the import
// of a log into a store (docs/ledger.md, "Importing a log") is the ledger's.
export {
  canonicalJson,
  formatInvoice,
  formatInvoices,
  type InvoiceFormat,
  type InvoicesFormat,
} from '@tally/domain';
export { DEFAULT_IMPORT_BATCH_SIZE, type OrgImport } from '@tally/ledger';
export { GENESIS_CHAIN, nextChain, type SealedEventLine as SealedLine, sealEvent } from '@tally/proofs';
export { runTally } from './cli.js';
export type { CountsCommandOptions } from './commands/counts.js';
export { countsCommand } from './commands/counts.js';
export type { ExportCommandOptions } from './commands/export.js';
export { exportCommand } from './commands/export.js';
export type { ImportCommandOptions } from './commands/import.js';
export { importCommand } from './commands/import.js';
export type { InvoiceCommandOptions } from './commands/invoice.js';
export { invoiceCommand } from './commands/invoice.js';
export type { InvoicesCommandOptions } from './commands/invoices.js';
export { invoicesCommand } from './commands/invoices.js';
export type { ReportCommandOptions } from './commands/report.js';
export { reportCommand } from './commands/report.js';
export type { VerifyCommandOptions } from './commands/verify.js';
export { verifyCommand } from './commands/verify.js';
export type { ExitCode } from './errors.js';
export { CliError, isCliError } from './errors.js';
export type { EventFile } from './input/event-file.js';
export { openEventFile } from './input/event-file.js';
export type { CliIo } from './io.js';
