// The baseline of case 1: what a person would write to count billable devices at one instant
// over an in-order log, knowing nothing of Tally. One mutable pass, Maps keyed by id, the
// instant compared as epoch ms (parsed from the fixed-width canonical string with char codes).
import type { TallyEvent } from '@tally/domain';

interface HandDevice {
  active: boolean;
  retained: number;
}

// No nested helper: tsx (esbuild keepNames) would wrap it in a __name call on every event.
function digit(instant: string, i: number): number {
  return instant.charCodeAt(i) - 48;
}

function epochMs(instant: string): number {
  const year =
    digit(instant, 0) * 1000 + digit(instant, 1) * 100 + digit(instant, 2) * 10 + digit(instant, 3);
  const month = digit(instant, 5) * 10 + digit(instant, 6);
  const day = digit(instant, 8) * 10 + digit(instant, 9);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  const seconds =
    (digit(instant, 11) * 10 + digit(instant, 12)) * 3600 +
    (digit(instant, 14) * 10 + digit(instant, 15)) * 60 +
    digit(instant, 17) * 10 +
    digit(instant, 18);
  // A fraction (".25Z") only ever adds milliseconds.
  let ms = 0;
  if (instant.length > 20) ms = Number(`0${instant.slice(19, -1)}`) * 1000;
  return days * 86_400_000 + seconds * 1000 + ms;
}

/** Billable devices (active, or holding a retained archive) at `atMs`. */
export function handCountBillable(events: readonly TallyEvent[], atMs: number): number {
  const devices = new Map<string, HandDevice>();
  const archiveDevice = new Map<string, HandDevice>();
  const retained = new Set<string>();
  let billable = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as TallyEvent;
    if (epochMs(event.occurredAt) > atMs) continue;
    switch (event.type) {
      case 'DeviceActivated':
      case 'DeviceReactivated': {
        let device = devices.get(event.data.deviceId);
        if (device === undefined) {
          device = { active: false, retained: 0 };
          devices.set(event.data.deviceId, device);
        }
        if (!device.active) {
          if (device.retained === 0) billable++;
          device.active = true;
        }
        break;
      }
      case 'DeviceDeactivated': {
        const device = devices.get(event.data.deviceId);
        if (device?.active) {
          device.active = false;
          if (device.retained === 0) billable--;
        }
        break;
      }
      case 'ArchiveCreated': {
        const device = devices.get(event.data.deviceId);
        if (device !== undefined && !retained.has(event.data.archiveId)) {
          retained.add(event.data.archiveId);
          archiveDevice.set(event.data.archiveId, device);
          if (device.retained++ === 0 && !device.active) billable++;
        }
        break;
      }
      case 'ArchivePurged': {
        const device = archiveDevice.get(event.data.archiveId);
        if (device !== undefined && retained.delete(event.data.archiveId)) {
          if (--device.retained === 0 && !device.active) billable--;
        }
        break;
      }
      default:
        break;
    }
  }
  return billable;
}

/** Case 6's evolve: the same billable-devices step, over every event (no instant), on a state
 * an event store's aggregation threads through. */
export interface HandState {
  readonly devices: Map<string, HandDevice>;
  readonly archiveDevice: Map<string, HandDevice>;
  readonly retained: Set<string>;
  billable: number;
}

export function createHandState(): HandState {
  return { devices: new Map(), archiveDevice: new Map(), retained: new Set(), billable: 0 };
}

export function handApply(state: HandState, event: TallyEvent): HandState {
  switch (event.type) {
    case 'DeviceActivated':
    case 'DeviceReactivated': {
      let device = state.devices.get(event.data.deviceId);
      if (device === undefined) {
        device = { active: false, retained: 0 };
        state.devices.set(event.data.deviceId, device);
      }
      if (!device.active) {
        if (device.retained === 0) state.billable++;
        device.active = true;
      }
      break;
    }
    case 'DeviceDeactivated': {
      const device = state.devices.get(event.data.deviceId);
      if (device?.active) {
        device.active = false;
        if (device.retained === 0) state.billable--;
      }
      break;
    }
    case 'ArchiveCreated': {
      const device = state.devices.get(event.data.deviceId);
      if (device !== undefined && !state.retained.has(event.data.archiveId)) {
        state.retained.add(event.data.archiveId);
        state.archiveDevice.set(event.data.archiveId, device);
        if (device.retained++ === 0 && !device.active) state.billable++;
      }
      break;
    }
    case 'ArchivePurged': {
      const device = state.archiveDevice.get(event.data.archiveId);
      if (device !== undefined && state.retained.delete(event.data.archiveId)) {
        if (--device.retained === 0 && !device.active) state.billable--;
      }
      break;
    }
    default:
      break;
  }
  return state;
}
