// The four counts (docs/counting.md#what-is-counted) at an instant; the options every snapshot query takes.
import type { Instant } from '../events/types.js';
import type { EntityState } from './state.js';

export interface Counts {
  at: Instant;
  activeDevices: number;
  billableDevices: number;
  licensesInUse: number;
  licenseHolders: number;
}

export interface SnapshotOptions {
  /** Drop every event recorded after this instant; absent = no recordedAt filter. */
  asKnownAt?: Instant;
}

/** Reads the O(1) counters of a state as the counts at `at`. */
export function countsOf(state: EntityState, at: Instant): Counts {
  return {
    at,
    activeDevices: state.activeDevices,
    billableDevices: state.billableDevices,
    licensesInUse: state.licensesInUse,
    licenseHolders: state.licenseHolders,
  };
}
