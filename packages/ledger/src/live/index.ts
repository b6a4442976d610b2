export type { LiveOrg, LiveProjection, LiveProjectionOptions, LiveSnapshot } from './live-projection.js';
export { liveStateStream, startLiveProjection } from './live-projection.js';
export { LIVE_STATE_TYPE, LIVE_STATE_VERSION } from './org-folds.js';
