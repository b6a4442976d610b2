// @tally/ledger/log-files: JSONL event logs in files, for Node (docs/ledger.md, "Log files"):
// read line by line from their bytes, every line held to the log's rules while it streams, a
// bad line refused with a LogLineRefusedError that names it; a file seen as a read-only store.
export type { ByteLineVisitor } from './log-files/byte-lines.js';
export { forEachByteLine, LineTooLongError, lineAtSync } from './log-files/byte-lines.js';
export type { FileEventIds } from './log-files/file-event-ids.js';
export type {
  CheckLogFileOptions,
  LineProgress,
  LogFile,
  LogFileChecker,
  LogFileEventStoreOptions,
  LogFileReadOptions,
  NumberedLine,
} from './log-files/log-file.js';
export {
  checkLogFile,
  LOG_LINE_BYTES,
  LogLineRefusedError,
  logFileChecker,
  logFileEventIds,
  logFileEventStore,
  readLogLines,
} from './log-files/log-file.js';
export type { LogFileCountsOptions } from './log-files/log-file-counts.js';
export { countsAtFromLogFile } from './log-files/log-file-counts.js';
export { shownInvoiceFromLogFile, shownInvoicesFromLogFile } from './log-files/log-file-invoices.js';
