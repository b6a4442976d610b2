// Typed rejections of docs/commands.md. Each carries a `code` to branch on, the ids and numbers that
// caused it, and a message that tells a person what to do next.
import type { EntityRefusal } from '../entities/refusals.js';
import type { CivilDate, Instant, Plan } from '../events/types.js';

type Rejection<Code extends string, Details> = {
  readonly code: Code;
  readonly message: string;
} & Readonly<Details>;

export type DecisionError =
  | Rejection<'OrganizationNotRegistered', { orgId: string }>
  | Rejection<'OrganizationAlreadyRegistered', { orgId: string }>
  | Rejection<'SubscriptionNotStarted', { orgId: string }>
  | Rejection<'SubscriptionAlreadyStarted', { orgId: string; startDate: CivilDate }>
  | Rejection<'SubscriptionCanceled', { orgId: string }>
  | Rejection<'InvalidRenewal', { orgId: string; termStart: CivilDate; currentTermEnd: CivilDate | null }>
  | Rejection<'DeviceLimitReached', { userId: string; activeDevices: number; limit: number }>
  | Rejection<
      'LicenseCapReached',
      { model: Plan['model']; cap: number; inUse: number; deviceId: string; userId: string }
    >
  | Rejection<'UnknownDevice', { deviceId: string }>
  | Rejection<'UnknownArchive', { archiveId: string }>
  | Rejection<'UnknownUser', { userId: string }>
  | Rejection<'DeviceAlreadyActive', { deviceId: string }>
  | Rejection<'DeviceNotActive', { deviceId: string }>
  | Rejection<'DeviceAlreadyExists', { deviceId: string; userId: string }>
  | Rejection<'ArchiveAlreadyExists', { archiveId: string }>
  | Rejection<'ArchiveAlreadyPurged', { archiveId: string }>
  | Rejection<'UserAlreadyDeactivated', { userId: string }>
  | Rejection<
      'DeviceNotActiveAt' | 'DeviceActiveAt' | 'ArchiveNotCreatedAt' | 'UserNotKnownAt' | 'TimelineConflict',
      { field: string; at: Instant; conflictAt: Instant }
    >
  | Rejection<'InvoiceAlreadyIssued', { orgId: string; billingDate: CivilDate; invoiceNumber: string }>
  | Rejection<'InvoiceNotDue', { orgId: string; billingDate: CivilDate; at: Instant; dueFrom: Instant }>
  | Rejection<'NotABillingDate' | 'NotBilled', { orgId: string; billingDate: CivilDate; billingCode: string }>
  | Rejection<'InvalidCommand', { field: string; value: unknown }>;

export type DecisionErrorCode = DecisionError['code'];

export const DECISION_ERROR_CODES: readonly DecisionErrorCode[] = [
  'OrganizationNotRegistered',
  'OrganizationAlreadyRegistered',
  'SubscriptionNotStarted',
  'SubscriptionAlreadyStarted',
  'SubscriptionCanceled',
  'InvalidRenewal',
  'DeviceLimitReached',
  'LicenseCapReached',
  'UnknownDevice',
  'UnknownArchive',
  'UnknownUser',
  'DeviceAlreadyActive',
  'DeviceNotActive',
  'DeviceAlreadyExists',
  'ArchiveAlreadyExists',
  'ArchiveAlreadyPurged',
  'UserAlreadyDeactivated',
  'DeviceNotActiveAt',
  'DeviceActiveAt',
  'ArchiveNotCreatedAt',
  'UserNotKnownAt',
  'TimelineConflict',
  'InvoiceAlreadyIssued',
  'InvoiceNotDue',
  'NotABillingDate',
  'NotBilled',
  'InvalidCommand',
];

const KNOWN_CODES: ReadonlySet<string> = new Set(DECISION_ERROR_CODES);

/** True for a rejection returned by a decider (also after a JSON round trip). */
export function isDecisionError(value: unknown): value is DecisionError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return typeof code === 'string' && KNOWN_CODES.has(code) && typeof message === 'string';
}

// Constructors, one per code, so that decide.ts reads as rules and every message is written once.

export const organizationNotRegistered = (orgId: string): DecisionError => ({
  code: 'OrganizationNotRegistered',
  message: `organization ${orgId} is not registered; register it (RegisterOrganization) first`,
  orgId,
});

export const organizationAlreadyRegistered = (orgId: string): DecisionError => ({
  code: 'OrganizationAlreadyRegistered',
  message: `organization ${orgId} is already registered; an organization is registered once`,
  orgId,
});

export const subscriptionNotStarted = (orgId: string, command: string): DecisionError => ({
  code: 'SubscriptionNotStarted',
  message: `organization ${orgId} has no subscription; start one (StartSubscription) before ${command}`,
  orgId,
});

export const subscriptionAlreadyStarted = (
  orgId: string,
  startDate: CivilDate,
  canceled: boolean,
): DecisionError => ({
  code: 'SubscriptionAlreadyStarted',
  message: canceled
    ? `organization ${orgId} already had a subscription (started ${startDate}, since canceled); an organization has one subscription, register a new organization to subscribe again`
    : `organization ${orgId} already has a subscription, started ${startDate}; renew it (RenewSubscription) instead`,
  orgId,
  startDate,
});

export const subscriptionCanceled = (orgId: string, command: string): DecisionError => ({
  code: 'SubscriptionCanceled',
  message: `the subscription of organization ${orgId} is canceled; ${command} applies only to a subscription that is not canceled`,
  orgId,
});

export const invoiceAlreadyIssued = (
  orgId: string,
  billingDate: CivilDate,
  invoiceNumber: string,
): DecisionError => ({
  code: 'InvoiceAlreadyIssued',
  message: `the invoice of organization ${orgId} for ${billingDate} is issued already (${invoiceNumber}); a date is billed once: later changes are corrected on the next invoice`,
  orgId,
  billingDate,
  invoiceNumber,
});

export const invoiceNotDue = (
  orgId: string,
  billingDate: CivilDate,
  at: Instant,
  dueFrom: Instant,
): DecisionError => ({
  code: 'InvoiceNotDue',
  message: `the invoice of organization ${orgId} for ${billingDate} is not due at ${at}: it is due from ${dueFrom}`,
  orgId,
  billingDate,
  at,
  dueFrom,
});

/** A date the billing rules give no invoice: NotABillingDate, or NotBilled for every other reason
 * (`billingCode` and the message are the billing error's). */
export const invoiceNotComputed = (
  orgId: string,
  billingDate: CivilDate,
  error: { readonly code: string; readonly message: string },
): DecisionError => ({
  code: error.code === 'NotABillingDate' ? 'NotABillingDate' : 'NotBilled',
  message: error.message,
  orgId,
  billingDate,
  billingCode: error.code,
});

export const invalidRenewal = (
  orgId: string,
  termStart: CivilDate,
  currentTermEnd: CivilDate | null,
): DecisionError => ({
  code: 'InvalidRenewal',
  message:
    currentTermEnd === null
      ? `organization ${orgId} has a per-device monthly subscription, which runs until canceled and is never renewed`
      : `data.termStart ${termStart} must equal the current term's end ${currentTermEnd}; renew with termStart ${currentTermEnd}`,
  orgId,
  termStart,
  currentTermEnd,
});

export const deviceLimitReached = (userId: string, activeDevices: number, limit: number): DecisionError => ({
  code: 'DeviceLimitReached',
  message: `user ${userId} already has ${activeDevices} active device${activeDevices === 1 ? '' : 's'}, the plan's limit of ${limit}; deactivate one first`,
  userId,
  activeDevices,
  limit,
});

/** A plan whose device limit some user already exceeds would be broken the moment it starts. */
export const planLimitExceeded = (userId: string, activeDevices: number, limit: number): DecisionError => ({
  code: 'DeviceLimitReached',
  message: `user ${userId} has ${activeDevices} active devices but the plan allows ${limit} per user; deactivate ${activeDevices - limit} of them before starting this plan, or set the plan's maxDevicesPerUser`,
  userId,
  activeDevices,
  limit,
});

export const licenseCapReached = (
  model: Plan['model'],
  cap: number,
  inUse: number,
  deviceId: string,
  userId: string,
): DecisionError => ({
  code: 'LicenseCapReached',
  message:
    model === 'per-user'
      ? `license cap ${cap} reached: ${inUse} users already hold a license and user ${userId} (device ${deviceId}) would be one more; raise the cap (SetLicenseCap) or free a license (DeactivateUser) first`
      : `license cap ${cap} reached: ${inUse} devices are already billable and device ${deviceId} would be one more; raise the cap (SetLicenseCap) or deactivate a device and purge its archives first`,
  model,
  cap,
  inUse,
  deviceId,
  userId,
});

export const unknownDevice = (deviceId: string): DecisionError => ({
  code: 'UnknownDevice',
  message: `device ${deviceId} was never activated; activate it (ActivateDevice) first`,
  deviceId,
});

export const unknownArchive = (archiveId: string): DecisionError => ({
  code: 'UnknownArchive',
  message: `archive ${archiveId} was never created; check the archive id`,
  archiveId,
});

export const unknownUser = (userId: string): DecisionError => ({
  code: 'UnknownUser',
  message: `user ${userId} has never had a device in this organization; check the user id`,
  userId,
});

export const deviceAlreadyActive = (deviceId: string): DecisionError => ({
  code: 'DeviceAlreadyActive',
  message: `device ${deviceId} is already active; nothing to do`,
  deviceId,
});

export const deviceNotActive = (deviceId: string, consequence: string): DecisionError => ({
  code: 'DeviceNotActive',
  message: `device ${deviceId} is deactivated; ${consequence}`,
  deviceId,
});

export const deviceAlreadyExists = (deviceId: string, userId: string): DecisionError => ({
  code: 'DeviceAlreadyExists',
  message: `device ${deviceId} (user ${userId}) already exists and is deactivated; reactivate it (ReactivateDevice) instead`,
  deviceId,
  userId,
});

export const archiveAlreadyExists = (archiveId: string, retained: boolean): DecisionError => ({
  code: 'ArchiveAlreadyExists',
  message: retained
    ? `archive ${archiveId} already exists; archive ids are unique, nothing to record`
    : `archive ${archiveId} already existed and was purged; a new archive needs a new id`,
  archiveId,
});

export const archiveAlreadyPurged = (archiveId: string): DecisionError => ({
  code: 'ArchiveAlreadyPurged',
  message: `archive ${archiveId} is already purged; nothing to do`,
  archiveId,
});

export const userAlreadyDeactivated = (userId: string): DecisionError => ({
  code: 'UserAlreadyDeactivated',
  message: `user ${userId} is already deactivated and has nothing left that this deactivation would remove; nothing to do`,
  userId,
});

export const invalidCommand = (field: string, value: unknown, expectation: string): DecisionError => ({
  code: 'InvalidCommand',
  message: `${field} ${expectation}, got ${describe(value)}`,
  field,
  value,
});

/** InvalidCommand when a parser already said what is wrong with the value. */
export const invalidField = (field: string, value: unknown, problem: string): DecisionError => ({
  code: 'InvalidCommand',
  message: `${field}: ${problem}`,
  field,
  value,
});

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

type TimelineCode =
  | 'DeviceNotActiveAt'
  | 'DeviceActiveAt'
  | 'ArchiveNotCreatedAt'
  | 'UserNotKnownAt'
  | 'TimelineConflict';

/** A backdated command that would break its entity's timeline where it lands, or at a later
 * event of that entity (docs/counting.md, "Consistency in time"): both instants named. */
export const outOfTimeline = (refusal: EntityRefusal & { code: TimelineCode }): DecisionError => ({
  code: refusal.code,
  message: `${refusal.problem}; a command dated in the past must fit the events already recorded after it`,
  field: refusal.field,
  at: refusal.at as Instant,
  conflictAt: refusal.conflictAt as Instant,
});
