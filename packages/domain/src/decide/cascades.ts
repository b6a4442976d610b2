// The events a deactivation brings with it (docs/commands.md#cascades), all at the command's instant and in
// a fixed order: the user, then devices by id, then archives by id. Sorting by id makes the same
// state and command give the same events, whatever order the Maps were filled in.
import type { ArchivePurgeReason, PendingEvent, UserDeactivationReason } from '../events/types.js';
import type { Command } from './commands.js';
import { emit } from './emit.js';
import type { OrgState } from './org-state.js';

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** DeviceDeactivated, then, without cold storage, ArchivePurged (`deactivation`) for each of
 * the device's retained archives. */
export function deviceDeactivationEvents(
  state: OrgState,
  command: Command,
  deviceId: string,
): PendingEvent[] {
  const events: PendingEvent[] = [emit(command, 'DeviceDeactivated', { deviceId })];
  if (state.registration?.coldStorage === false) {
    events.push(...purges(command, retainedArchivesOf(state, [deviceId]), 'deactivation'));
  }
  return events;
}

/** UserDeactivated, DeviceDeactivated for each active device of the user, then ArchivePurged:
 * - `canceled` / `ineligible`: every retained archive of the user, with the user's reason (the
 *   data is deleted and the license is free from that instant);
 * - `admin`: only what deactivating those devices purges on its own, i.e. their archives when
 *   the org has no cold storage; with cold storage the archives stay retained. */
export function userDeactivationEvents(
  state: OrgState,
  command: Command,
  userId: string,
  reason: UserDeactivationReason,
): PendingEvent[] {
  const deviceIds = deviceIdsOf(state, userId);
  const active = deviceIds.filter((id) => state.entities.devices.get(id)?.active === true);
  const events: PendingEvent[] = [emit(command, 'UserDeactivated', { userId, reason })];
  for (const deviceId of active) events.push(emit(command, 'DeviceDeactivated', { deviceId }));
  if (reason !== 'admin') {
    events.push(...purges(command, retainedArchivesOf(state, deviceIds), reason));
  } else if (state.registration?.coldStorage === false) {
    events.push(...purges(command, retainedArchivesOf(state, active), 'deactivation'));
  }
  return events;
}

/** Every device the user ever had, sorted by id. */
function deviceIdsOf(state: OrgState, userId: string): string[] {
  return [...(state.deviceIdsByUser.get(userId) ?? [])].sort(byCodeUnits);
}

function retainedArchivesOf(state: OrgState, deviceIds: readonly string[]): string[] {
  const archiveIds: string[] = [];
  for (const deviceId of deviceIds) {
    const device = state.entities.devices.get(deviceId);
    if (device !== undefined) archiveIds.push(...device.retainedArchives);
  }
  return archiveIds.sort(byCodeUnits);
}

function purges(command: Command, archiveIds: readonly string[], reason: ArchivePurgeReason): PendingEvent[] {
  return archiveIds.map((archiveId) => emit(command, 'ArchivePurged', { archiveId, reason }));
}
