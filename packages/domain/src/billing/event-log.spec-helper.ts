// Small builders of valid event logs for the billing specs: one org, events numbered in append
// order, occurredAt given by the test and recordedAt = occurredAt unless the test says otherwise.
import type { CivilDate, Instant, Plan, Rounding, SubscriptionRenewed, TallyEvent } from '../events/types.js';

export interface OrgOptions {
  readonly orgId?: string;
  readonly timeZone?: string;
  readonly currency?: string;
  readonly rounding?: Rounding;
  readonly coldStorage?: boolean;
  readonly at?: Instant;
}

/** Midnight UTC of a date, or the instant itself when a time is given. */
export const utc = (dateOrInstant: string): Instant =>
  dateOrInstant.length === 10 ? `${dateOrInstant}T00:00:00Z` : dateOrInstant;

export interface EventLog {
  readonly orgId: string;
  readonly events: TallyEvent[];
  subscribe(startDate: CivilDate, plan: Plan, at?: Instant, extra?: { tallyLeadHours?: number }): EventLog;
  renew(data: SubscriptionRenewed['data'], at: Instant, recordedAt?: Instant): EventLog;
  cancel(at: Instant, recordedAt?: Instant): EventLog;
  activate(deviceId: string, userId: string, at: Instant, recordedAt?: Instant): EventLog;
  deactivate(deviceId: string, at: Instant, recordedAt?: Instant): EventLog;
  archive(archiveId: string, deviceId: string, at: Instant, recordedAt?: Instant): EventLog;
  purge(archiveId: string, at: Instant, recordedAt?: Instant): EventLog;
  /** A user who backed up: device `d-<user>` activated and archive `a-<user>` created at `at`. */
  backedUp(userId: string, at: Instant): EventLog;
}

export function eventLog(options: OrgOptions = {}): EventLog {
  const orgId = options.orgId ?? 'acme';
  const events: TallyEvent[] = [];
  const push = (type: TallyEvent['type'], data: unknown, at: Instant, recordedAt: Instant = at) => {
    events.push({
      type,
      eventId: `${orgId}-${String(events.length + 1).padStart(4, '0')}`,
      orgId,
      occurredAt: utc(at),
      recordedAt: utc(recordedAt),
      data,
    } as TallyEvent);
  };
  push(
    'OrganizationRegistered',
    {
      name: `${orgId} inc.`,
      serialCode: `SC-${orgId}`,
      billingAccount: `BA-${orgId}`,
      timeZone: options.timeZone ?? 'UTC',
      currency: options.currency ?? 'USD',
      ...(options.rounding === undefined ? {} : { rounding: options.rounding }),
      coldStorage: options.coldStorage ?? true,
    },
    options.at ?? '2000-01-01T00:00:00Z',
  );
  const log: EventLog = {
    orgId,
    events,
    subscribe(startDate, plan, at = '2000-01-01T00:00:01Z', extra = {}) {
      push('SubscriptionStarted', { startDate, plan, ...extra }, at);
      return log;
    },
    renew(data, at, recordedAt) {
      push('SubscriptionRenewed', data, at, recordedAt);
      return log;
    },
    cancel(at, recordedAt) {
      push('SubscriptionCanceled', {}, at, recordedAt);
      return log;
    },
    activate(deviceId, userId, at, recordedAt) {
      push('DeviceActivated', { deviceId, userId }, at, recordedAt);
      return log;
    },
    deactivate(deviceId, at, recordedAt) {
      push('DeviceDeactivated', { deviceId }, at, recordedAt);
      return log;
    },
    archive(archiveId, deviceId, at, recordedAt) {
      push('ArchiveCreated', { archiveId, deviceId }, at, recordedAt);
      return log;
    },
    purge(archiveId, at, recordedAt) {
      push('ArchivePurged', { archiveId, reason: 'cold-storage-purge' }, at, recordedAt);
      return log;
    },
    backedUp(userId, at) {
      return log.activate(`d-${userId}`, userId, at).archive(`a-${userId}`, `d-${userId}`, at);
    },
  };
  return log;
}

/** `count` devices `d1..dN` (users `u1..uN`) activated at `at`. */
export function withDevices(log: EventLog, count: number, at: Instant, prefix = 'd'): EventLog {
  for (let i = 1; i <= count; i++) log.activate(`${prefix}${i}`, `u-${prefix}${i}`, at);
  return log;
}
