// @tally/ledger/store-kit: what an author of a new EventStore adapter reuses so that every
// store keeps the port's rules the same way (docs/ledger.md, "Writing a store adapter"): the
// decision of an append (expected revision, idempotent replays of the same event ids), the
// content check of a replay (the same id must carry the same event) and the page-at-a-time read. Not needed to use a store.
export type { AppendDecision, StreamIds } from './append-decision.js';
export { actualRevision, decideAppend, expectationHolds } from './append-decision.js';
export type { ReadStreamPages } from './paged-read.js';
export { withPagedRead } from './paged-read.js';
export { checkReplayedContent, eventContent } from './replay-content.js';
export type { FollowSource } from './subscription-loop.js';
export { checkSubscribeOptions, DEFAULT_MAX_BATCH, followByReading, sleep } from './subscription-loop.js';
