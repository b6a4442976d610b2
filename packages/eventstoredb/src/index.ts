// Re-exported from the ledger, where every adapter's is defined.
export { InvalidStoredEventError, isInvalidStoredEventError } from '@tally/ledger';
export {
  InvalidConnectionStringError,
  isInvalidConnectionStringError,
} from './connection-string.js';
export { eventIdToUuid, isUuid, TALLY_EVENT_ID_NAMESPACE, uuidV5 } from './eventIdUuid.js';
export type { EventStoreDBEventStoreOptions } from './eventStore.js';
export {
  EventStoreDBError,
  getEventStoreDBEventStore,
  isEventStoreDBError,
} from './eventStore.js';
