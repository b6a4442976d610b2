// The four counts (docs/counting.md#what-is-counted) at an instant; the options every snapshot query takes.
import type { Instant } from '../events/types.js';

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
