// The public API of @tally/testing: explicit named exports, grouped by module.

export {
  arbArchiveCreated,
  arbArchivePurged,
  arbDeviceActivated,
  arbDeviceDeactivated,
  arbDeviceReactivated,
  arbInvoiceIssued,
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
