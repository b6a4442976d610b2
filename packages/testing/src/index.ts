// The public API of @tally/testing: explicit named exports, grouped by module.

export {
  arbArchiveCreated,
  arbArchivePurged,
  arbDeviceActivated,
  arbDeviceDeactivated,
  arbDeviceReactivated,
  arbInvoiceIssued,
  arbInvoiceIssuedV1,
  arbInvoiceIssuedV2,
  arbLicenseCapSet,
  arbOrganizationRegistered,
  arbPlan,
  arbSubscriptionCanceled,
  arbSubscriptionRenewed,
  arbSubscriptionStarted,
  arbTallyEvent,
  arbUserDeactivated,
  type EventOptions,
} from './arbitraries/events.js';
export {
  arbBillingDate,
  arbBillingMonth,
  arbCommand,
  arbCommands,
  arbEventLog,
  arbEventLogSpec,
  arbInconsistentLog,
  arbSmallPlan,
  arbWrongFieldEvent,
  type BillingDateOptions,
  buildEventLog,
  type CommandOptions,
  type CommandSequenceOptions,
  describeEventLog,
  type EventLogOptions,
  type EventLogSpec,
  type GeneratedEventLog,
  INCONSISTENCY_KINDS,
  type InconsistencyKind,
  type InconsistentLog,
  type InconsistentLogOptions,
  LICENSINGS,
  type Licensing,
  type LogStep,
  type LogStepOp,
  registrationCommand,
  type SubscriptionLike,
  stamp,
  type WrongFieldEvent,
} from './arbitraries/index.js';
export {
  arbMalformedLine,
  arbMalformedLineOfKind,
  MALFORMED_KINDS,
  type MalformedKind,
  type MalformedLine,
} from './arbitraries/malformed.js';
export {
  arbCivilDate,
  arbCurrency,
  arbId,
  arbInstant,
  arbMinorUnits,
  arbMoney,
  arbTimeZone,
  CURRENCY_DIGITS,
  civilDateOfDays,
  digitsOf,
  formatMinor,
  TIME_ZONES,
} from './arbitraries/primitives.js';
export type { ConcurrentCommandContractOptions } from './contract/concurrent-commands-contract.js';
export { describeConcurrentCommandContract } from './contract/concurrent-commands-contract.js';
export {
  appendInBatches,
  readAll,
  rejectionOf,
  sampleEvent,
  sampleEvents,
  uniqueStreamName,
} from './contract/contract-events.js';
export type { EventStoreContractOptions } from './contract/event-store-contract.js';
export { describeEventStoreContract } from './contract/event-store-contract.js';
export type { OpenSubscription } from './contract/subscription-contract.js';
export { openSubscription, subscriptionContractTests } from './contract/subscription-contract.js';
export { type ExpectedEvent, given, type Then, type When } from './decider/index.js';
export {
  applyPrediction,
  countsOfModel,
  createLedgerModel,
  type LedgerModel,
  type LedgerModelOptions,
  type LedgerModelSetup,
  type LedgerReal,
  ledgerModelCommands,
  ledgerModelProperty,
  type ModelCounts,
  type Prediction,
  predict,
  runLedgerModel,
} from './harness/index.js';
export type { LiveModelOptions } from './live/live-model.js';
export { checkLiveProjectionModel } from './live/live-model.js';
export {
  asKnownAtReproductionProperty,
  type ChainVerdict,
  canonicalJson,
  domainInvoices,
  type ExportChainOptions,
  exportChainLines,
  exportVerifyDetectsChangeProperty,
  type FoldSplitOptions,
  foldSplitAssociativityProperty,
  GENESIS_CHAIN,
  type InstallmentsSumOptions,
  type InvoicesFn,
  installmentsSumProperty,
  invoiceDeterminismProperty,
  type LogPropertyOptions,
  overageNeverAboveTermPriceProperty,
  verifyChainLines,
} from './properties/index.js';
