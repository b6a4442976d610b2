export type { Counts, SnapshotOptions } from './counts.js';
export { countAt, countsAt } from './counts-at.js';
export { countsByInstant } from './counts-by-instant.js';
export type { CountedDevice, CountedUser, CountsExplanation, EventRef } from './explain.js';
export { explainCountsAt } from './explain.js';
export type { SnapshotCounter } from './snapshot-counter.js';
export { createSnapshotCounter } from './snapshot-counter.js';
