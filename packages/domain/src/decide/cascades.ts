// The events a deactivation brings with it (docs/commands.md#cascades), all at the command's instant and in
// a fixed order: the user, then devices by id, then archives by id. Sorting by id makes the same
// state and command give the same events, whatever order the entities were first seen in. What
// is active or retained is read at the command's instant, which may lie in the past.
import { parseInstant } from '../counting/parse-instant.js';
import type { IdInterner } from '../entities/interner.js';
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
    const device = state.entities.devices.find(deviceId);
    appendPurges(events, command, retainedArchivesOf(state, [device], atMs(command)), 'deactivation');
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
  const timeline = state.entities;
  const ms = atMs(command);
  const user = timeline.users.find(userId);
  const devices = user === -1 ? [] : timeline.devicesOf(user);
  const active = devices.filter((device) => timeline.isActiveAt(device, ms));
  const events: PendingEvent[] = [emit(command, 'UserDeactivated', { userId, reason })];
  for (const deviceId of idsOf(timeline.devices, active)) {
    events.push(emit(command, 'DeviceDeactivated', { deviceId }));
  }
  if (reason !== 'admin') {
    appendPurges(events, command, retainedArchivesOf(state, devices, ms), reason);
  } else if (state.registration?.coldStorage === false) {
    appendPurges(events, command, retainedArchivesOf(state, active, ms), 'deactivation');
  }
  return events;
}

const atMs = (command: Command): number => parseInstant(command.at, 'at');

const idsOf = (ids: IdInterner, numbers: readonly number[]): string[] =>
  numbers.map((number) => ids.idOf(number)).sort(byCodeUnits);

/** The archives of these devices retained at `ms`, sorted by id. */
function retainedArchivesOf(state: OrgState, devices: readonly number[], ms: number): string[] {
  const timeline = state.entities;
  const archives = devices.flatMap((device) =>
    device === -1 ? [] : timeline.retainedArchivesAt(device, ms),
  );
  return idsOf(timeline.archives, archives);
}

/** One ArchivePurged per archive, appended in a loop: a user may hold hundreds of thousands of
 * archives, more than `push(...purges)` can pass as arguments. */
function appendPurges(
  events: PendingEvent[],
  command: Command,
  archiveIds: readonly string[],
  reason: ArchivePurgeReason,
): void {
  for (const archiveId of archiveIds) events.push(emit(command, 'ArchivePurged', { archiveId, reason }));
}
