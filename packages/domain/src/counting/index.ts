export type { Counts, SnapshotOptions } from './counts.js';
export { countsOf } from './counts.js';
export { countAt, countsAt } from './counts-at.js';
export { countsByInstant } from './counts-by-instant.js';
export type { CountedDevice, CountedUser, CountsExplanation, EventRef } from './explain.js';
export { explainCountsAt } from './explain.js';
export { foldEntityEvents, replayEntities } from './fold.js';
export type { SnapshotCounter } from './snapshot-counter.js';
export { createSnapshotCounter } from './snapshot-counter.js';
export type { ArchiveRecord, DeviceRecord, EntityState, UserRecord } from './state.js';
export {
  applyEntityEvent,
  createEntityState,
  isBillableDevice,
  isLicenseHolder,
  isLicenseInUse,
} from './state.js';
export { visibleEventsInOrder } from './visibility.js';
