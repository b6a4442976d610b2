export type { ConcurrentCommandContractOptions } from './concurrent-commands-contract.js';
export { describeConcurrentCommandContract } from './concurrent-commands-contract.js';
export {
  appendInBatches,
  readAll,
  rejectionOf,
  sampleEvent,
  sampleEvents,
  uniqueStreamName,
} from './contract-events.js';
export type { EventStoreContractOptions } from './event-store-contract.js';
export { describeEventStoreContract } from './event-store-contract.js';
export type { OpenSubscription } from './subscription-contract.js';
export { openSubscription, subscriptionContractTests } from './subscription-contract.js';
