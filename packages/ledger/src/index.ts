export type {
  BillingRunFailure,
  BillingRunOptions,
  BillingRunProgress,
  BillingRunResult,
  IssuedByRun,
} from './billing-run.js';
export { billingRun } from './billing-run.js';
export type { AccountSummary, BillingRunSummary, SummarizedInvoice } from './billing-summary.js';
export { billingRunCsv, billingRunTable, summarizeBillingRun } from './billing-summary.js';
export type { RejectionReason } from './command-errors.js';
export {
  CommandRejectedError,
  ConcurrencyError,
  isCommandRejectedError,
  isConcurrencyError,
} from './command-errors.js';
export type {
  CachingDecider,
  CommandHandler,
  CommandHandlerOptions,
  HandledCommand,
  OrgCommand,
} from './command-handler.js';
export { createCachingCommandHandler, DEFAULT_MAX_RETRIES } from './command-handler.js';
export type { OrgSnapshotOptions, StateSnapshots } from './decider-snapshots.js';
export {
  DEFAULT_SNAPSHOT_EVERY,
  ORG_SNAPSHOT_TYPE,
  orgStateSnapshots,
  snapshotStreamName,
} from './decider-snapshots.js';
export type { ImportLogOptions, LogLine, OrgImport } from './import-log.js';
export {
  DEFAULT_IMPORT_BATCH_SIZE,
  ImportRefusedError,
  importLog,
  isImportRefusedError,
} from './import-log.js';
export type { InMemoryEventStoreOptions } from './in-memory-store.js';
export { DEFAULT_PAGE_SIZE, getInMemoryEventStore } from './in-memory-store.js';
export type { LiveOrg, LiveProjection, LiveProjectionOptions, LiveSnapshot } from './live/index.js';
export { LIVE_STATE_TYPE, LIVE_STATE_VERSION, liveStateStream, startLiveProjection } from './live/index.js';
export {
  cachingOrgDecider,
  createCommandHandler,
  hostInvoiceManifest,
  issuingWith,
} from './org-command-handler.js';
export type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  GlobalRecordedEvent,
  ReadAllOptions,
  ReadOptions,
  RecordedEvent,
  StoredDocument,
  SubscribeOptions,
  SubscriptionMessage,
} from './port.js';
export {
  checkDocumentStreamName,
  isStreamNotFoundError,
  isWrongExpectedRevisionError,
  ORG_STREAM_PREFIX,
  orgStreamName,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from './port.js';
export type { EventSink, InvoiceFromStoreOptions, InvoicesFromStoreOptions } from './queries.js';
export {
  countsAtFromStore,
  foldOrgStream,
  invoiceFromStore,
  invoicesFromStore,
  loadOrgEvents,
  loadOrgEventsOrNone,
  shownInvoiceFromStore,
  shownInvoicesFromStore,
} from './queries.js';
export {
  DuplicateEventIdError,
  EventIdConflictError,
  InvalidStoredEventError,
  isDuplicateEventIdError,
  isEventIdConflictError,
  isInvalidStoredEventError,
  isStoreClosedError,
  StoreClosedError,
} from './store-errors.js';
