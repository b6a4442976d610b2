// Why a device, archive or user event does not fit an organization's timeline: one code to
// branch on, the field at fault, and the fact in words. The decider adds what to do next
// (decide/errors.ts), the log checker the line; the fact itself is worded here only.
// The rules: docs/counting.md, "Consistency in time".
import type { Instant } from '../events/types.js';

export type EntityRefusalCode =
  | 'UnknownDevice'
  | 'DeviceAlreadyActive'
  | 'DeviceAlreadyExists'
  | 'DeviceNotActive'
  | 'UnknownArchive'
  | 'ArchiveAlreadyExists'
  | 'ArchiveAlreadyPurged'
  | 'UnknownUser'
  // Backdated events: the event is placed at its occurredAt among the events already known.
  | 'DeviceNotActiveAt'
  | 'DeviceActiveAt'
  | 'ArchiveNotCreatedAt'
  | 'UserNotKnownAt'
  | 'TimelineConflict';

export interface EntityRefusal {
  readonly code: EntityRefusalCode;
  /** The field at fault, as a path (`data.deviceId`). */
  readonly field: 'data.deviceId' | 'data.archiveId' | 'data.userId';
  /** What is wrong, without the field: `device d-9 was never activated`. */
  readonly problem: string;
  readonly deviceId?: string;
  readonly archiveId?: string;
  readonly userId?: string;
  /** The occurredAt of the event refused. */
  readonly at?: Instant;
  /** The instant of the known event it conflicts with. */
  readonly conflictAt?: Instant;
}

export const unknownDevice = (deviceId: string): EntityRefusal => ({
  code: 'UnknownDevice',
  field: 'data.deviceId',
  problem: `device ${deviceId} was never activated`,
  deviceId,
});

export const deviceAlreadyActive = (deviceId: string): EntityRefusal => ({
  code: 'DeviceAlreadyActive',
  field: 'data.deviceId',
  problem: `device ${deviceId} is already active`,
  deviceId,
});

export const deviceAlreadyExists = (deviceId: string, userId: string): EntityRefusal => ({
  code: 'DeviceAlreadyExists',
  field: 'data.deviceId',
  problem: `device ${deviceId} already exists (deactivated); it comes back with DeviceReactivated`,
  deviceId,
  userId,
});

export const deviceNotActive = (deviceId: string, consequence: string): EntityRefusal => ({
  code: 'DeviceNotActive',
  field: 'data.deviceId',
  problem: `device ${deviceId} is ${consequence}`,
  deviceId,
});

export const unknownArchive = (archiveId: string): EntityRefusal => ({
  code: 'UnknownArchive',
  field: 'data.archiveId',
  problem: `archive ${archiveId} was never created`,
  archiveId,
});

export const archiveAlreadyExists = (archiveId: string): EntityRefusal => ({
  code: 'ArchiveAlreadyExists',
  field: 'data.archiveId',
  problem: `archive ${archiveId} was already created`,
  archiveId,
});

export const archiveAlreadyPurged = (archiveId: string): EntityRefusal => ({
  code: 'ArchiveAlreadyPurged',
  field: 'data.archiveId',
  problem: `archive ${archiveId} is already purged`,
  archiveId,
});

export const unknownUser = (userId: string): EntityRefusal => ({
  code: 'UnknownUser',
  field: 'data.userId',
  problem: `user ${userId} never had a device in this organization`,
  userId,
});

/** `since` says what the device's timeline holds at `at`: "it is first activated at ...". */
export const deviceNotActiveAt = (
  deviceId: string,
  at: Instant,
  conflictAt: Instant,
  since: string,
): EntityRefusal => ({
  code: 'DeviceNotActiveAt',
  field: 'data.deviceId',
  problem: `device ${deviceId} is not active at ${at} (${since} ${conflictAt})`,
  deviceId,
  at,
  conflictAt,
});

export const deviceActiveAt = (deviceId: string, at: Instant, conflictAt: Instant): EntityRefusal => ({
  code: 'DeviceActiveAt',
  field: 'data.deviceId',
  problem: `device ${deviceId} is already active at ${at} (active since ${conflictAt})`,
  deviceId,
  at,
  conflictAt,
});

export const archiveNotCreatedAt = (archiveId: string, at: Instant, conflictAt: Instant): EntityRefusal => ({
  code: 'ArchiveNotCreatedAt',
  field: 'data.archiveId',
  problem: `archive ${archiveId} does not exist yet at ${at} (it is created at ${conflictAt})`,
  archiveId,
  at,
  conflictAt,
});

export const userNotKnownAt = (userId: string, at: Instant, conflictAt: Instant): EntityRefusal => ({
  code: 'UserNotKnownAt',
  field: 'data.userId',
  problem: `user ${userId} has no device yet at ${at} (the first is activated at ${conflictAt})`,
  userId,
  at,
  conflictAt,
});

/** A backdated event that fits where it lands but not the later event `later` describes. */
export const timelineConflict = (
  field: EntityRefusal['field'],
  entity: string,
  at: Instant,
  later: string,
  conflictAt: Instant,
): EntityRefusal => ({
  code: 'TimelineConflict',
  field,
  problem: `${entity} has a later event that would no longer fit: ${later} at ${conflictAt}, after ${at}`,
  at,
  conflictAt,
});
