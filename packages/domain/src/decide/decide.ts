// decide(command, state): the rules of docs/commands.md. Pure: the same command and state give the
// same answer, a Left names what blocked the command and nothing is emitted with it.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { composeIssuedInvoice, dueBillingDates, issuedNumbers } from '../billing/issue.js';
import { startOfDate } from '../calendar/index.js';
import { parseInstant } from '../counting/parse-instant.js';
import { type BoundaryCounts, countsAtBoundaries } from '../entities/counts-sweep.js';
import type { EntityRefusal } from '../entities/refusals.js';
import type { EntityEvent } from '../entities/timeline.js';
import type {
  InvoiceManifest,
  IssuedInvoiceJsonV2,
  OrganizationRegistered,
  PendingEvent,
  Plan,
  SubscriptionRenewed,
  SubscriptionStarted,
} from '../events/types.js';
import { termEndOutOfRange } from '../subscription/term-range.js';
import { epochMsToInstant } from '../time/instant.js';
import { deviceDeactivationEvents, userDeactivationEvents } from './cascades.js';
import type {
  ActivateDevice,
  CancelSubscription,
  Command,
  DeactivateDevice,
  DeactivateUser,
  IssueDueInvoices,
  IssueInvoice,
  PurgeArchive,
  ReactivateDevice,
  RecordArchive,
  RegisterOrganization,
  RenewSubscription,
  SetLicenseCap,
  StartSubscription,
} from './commands.js';
import { emit } from './emit.js';
import {
  archiveAlreadyExists,
  archiveAlreadyPurged,
  type DecisionError,
  deviceAlreadyActive,
  deviceAlreadyExists,
  deviceLimitReached,
  deviceNotActive,
  invalidCommand,
  invalidField,
  invalidRenewal,
  invoiceAlreadyIssued,
  invoiceNotComputed,
  invoiceNotDue,
  licenseCapReached,
  organizationAlreadyRegistered,
  organizationNotRegistered,
  outOfTimeline,
  planLimitExceeded,
  subscriptionAlreadyStarted,
  subscriptionCanceled,
  subscriptionNotStarted,
  unknownArchive,
  unknownDevice,
  unknownUser,
  userAlreadyDeactivated,
} from './errors.js';
import {
  maxDevicesPerUserOf,
  type OrgRegistration,
  type OrgState,
  type OrgSubscription,
  renew,
  subscriptionOf,
} from './org-state.js';
import {
  checkCivilDate,
  checkInstant,
  checkNonEmpty,
  checkOneOf,
  checkOneOfNumbers,
  checkPrice,
  checkRegistration,
  checkSubscriptionStart,
  firstProblem,
} from './validate.js';

export type Decision = Either<DecisionError, PendingEvent[]>;
type Problem = DecisionError | undefined;

/** Reasons PurgeArchive accepts; the others belong to the deactivation cascades. */
const MANUAL_PURGE_REASONS = ['cold-storage-purge', 'retention-expired'];
const USER_DEACTIVATION_REASONS = ['canceled', 'ineligible', 'admin'];

export function decide(command: Command, state: OrgState): Decision {
  const problem = checkEnvelope(command, state);
  if (problem !== undefined) return left(problem);
  switch (command.type) {
    case 'RegisterOrganization':
      return registerOrganization(command, state);
    case 'StartSubscription':
      return startSubscription(command, state);
    case 'RenewSubscription':
      return renewSubscription(command, state);
    case 'CancelSubscription':
      return cancelSubscription(command, state);
    case 'SetLicenseCap':
      return setLicenseCap(command, state);
    case 'ActivateDevice':
      return activateDevice(command, state);
    case 'DeactivateDevice':
      return deactivateDevice(command, state);
    case 'ReactivateDevice':
      return reactivateDevice(command, state);
    case 'RecordArchive':
      return recordArchive(command, state);
    case 'PurgeArchive':
      return purgeArchive(command, state);
    case 'DeactivateUser':
      return deactivateUser(command, state);
    case 'IssueInvoice':
      return issueInvoice(command, state);
    case 'IssueDueInvoices':
      return issueDueInvoices(command, state);
    default: {
      const unknown: { type?: unknown } = command;
      return left(invalidCommand('type', unknown.type, 'must be a known command type'));
    }
  }
}

/** What every command needs: a usable orgId and instant, and (but to register) a registered org
 * that is the one the state belongs to. */
function checkEnvelope(command: Command, state: OrgState): Problem {
  return firstProblem(
    () => checkNonEmpty('orgId', command.orgId),
    () => checkInstant('at', command.at),
    () => {
      const registered = state.registration;
      if (registered === null) {
        return command.type === 'RegisterOrganization' ? undefined : organizationNotRegistered(command.orgId);
      }
      return registered.orgId === command.orgId
        ? undefined
        : invalidCommand(
            'orgId',
            command.orgId,
            `must be ${registered.orgId}, the organization this state belongs to`,
          );
    },
  );
}

function decided(problem: Problem, events: () => PendingEvent[]): Decision {
  return problem === undefined ? right(events()) : left(problem);
}

// Organization and subscription

function registerOrganization(command: RegisterOrganization, state: OrgState): Decision {
  const problem = firstProblem(
    () => (state.registration === null ? undefined : organizationAlreadyRegistered(command.orgId)),
    () => checkRegistration(command.data),
  );
  return decided(problem, () => [emit(command, 'OrganizationRegistered', registrationData(command.data))]);
}

function startSubscription(command: StartSubscription, state: OrgState): Decision {
  const currency = state.registration?.currency ?? '';
  const { startDate, tallyLeadHours, plan, correctionWindowMonths } = command.data;
  const existing = state.subscription;
  const started = (): SubscriptionStarted['data'] => ({
    startDate,
    ...(tallyLeadHours === undefined ? {} : { tallyLeadHours }),
    plan: planData(plan),
    ...(correctionWindowMonths === undefined ? {} : { correctionWindowMonths }),
  });
  const problem = firstProblem(
    () =>
      existing === null
        ? undefined
        : subscriptionAlreadyStarted(command.orgId, existing.startDate, existing.canceledAt !== null),
    () => checkSubscriptionStart(command.data, currency),
    () => termInRange('data.startDate', startDate, () => subscriptionOf(started(), command.at)),
    () => usersOverLimit(state, maxDevicesPerUserOf(plan)),
  );
  return decided(problem, () => [emit(command, 'SubscriptionStarted', started())]);
}

// Invoices

/** docs/commands.md#issueinvoice: once per billing date, only a billed one, once it is due; the
 * invoice and its corrections as known at the command's instant. */
function issueInvoice(command: IssueInvoice, state: OrgState): Decision {
  const { orgId, at } = command;
  const { billingDate } = command.data;
  const registration = state.registration as OrgRegistration;
  const invalid = firstProblem(
    () => checkCivilDate('data.billingDate', billingDate),
    () => checkManifest(command.data.manifest),
  );
  if (invalid !== undefined) return left(invalid);
  if (state.subscription === null) return left(subscriptionNotStarted(orgId, command.type));
  const index = state.issuedInvoices.findIndex((invoice) => invoice.billingDate === billingDate);
  if (index >= 0) {
    const number = issuedNumbers(registration.serialCode, state.issuedInvoices)[index] as string;
    return left(invoiceAlreadyIssued(orgId, billingDate, number));
  }
  const composed = composeIssuedInvoice(state.entities, state.billingEvents, {
    orgId,
    billingDate,
    asKnownAt: at,
    serialCode: registration.serialCode,
    issued: state.issuedInvoices,
    lastRecordedMs: state.lastRecordedMs,
  });
  if (composed._tag === 'Left') return left(invoiceNotComputed(orgId, billingDate, composed.left));
  const dueFrom = startOfDate(billingDate, registration.timeZone);
  if (parseInstant(dueFrom, 'dueFrom') > parseInstant(at, 'at')) {
    return left(invoiceNotDue(orgId, billingDate, at, dueFrom));
  }
  const data = withManifest(composed.right, command.data.manifest);
  return right([{ type: 'InvoiceIssued', schemaVersion: 2, orgId, occurredAt: at, data }]);
}

/** A manifest the command brings names each version (docs/billing.md#the-manifest). */
function checkManifest(manifest: InvoiceManifest | undefined): Problem {
  if (manifest === undefined) return undefined;
  return firstProblem(
    () => checkNonEmpty('data.manifest.engineVersion', manifest.engineVersion),
    () => checkNonEmpty('data.manifest.rulesVersion', manifest.rulesVersion),
    () => checkNonEmpty('data.manifest.tzdbVersion', manifest.tzdbVersion),
  );
}

/** The composed invoice with the command's manifest: it says what computed the invoice, so it
 * changes nothing the invoice says. */
const withManifest = (
  invoice: IssuedInvoiceJsonV2,
  manifest: InvoiceManifest | undefined,
): IssuedInvoiceJsonV2 => (manifest === undefined ? invoice : { ...invoice, manifest });

/** docs/billing.md#the-billing-run: every date due at `at`, oldest first, each invoice composed after
 * the ones before it (so it is numbered after them and corrects them too). */
function issueDueInvoices(command: IssueDueInvoices, state: OrgState): Decision {
  const { orgId, at } = command;
  const registration = state.registration as OrgRegistration;
  const invalid = checkManifest(command.data.manifest);
  if (invalid !== undefined) return left(invalid);
  const due = dueBillingDates(state.billingEvents, state.issuedInvoices, {
    orgId,
    asKnownAt: at,
    timeZone: registration.timeZone,
  });
  if (due._tag === 'Left') return left(invoiceNotComputed(orgId, '', due.left));
  const issued = [...state.issuedInvoices];
  const events: PendingEvent[] = [];
  for (const billingDate of due.right) {
    const composed = composeIssuedInvoice(state.entities, state.billingEvents, {
      orgId,
      billingDate,
      asKnownAt: at,
      serialCode: registration.serialCode,
      issued,
      lastRecordedMs: state.lastRecordedMs,
    });
    if (composed._tag === 'Left') return left(invoiceNotComputed(orgId, billingDate, composed.left));
    const data = withManifest(composed.right, command.data.manifest);
    issued.push(data);
    events.push({ type: 'InvoiceIssued', schemaVersion: 2, orgId, occurredAt: at, data });
  }
  return right(events);
}

/** The first user (by id) who already has more active devices than a new plan allows. */
function usersOverLimit(state: OrgState, limit: number | null): Problem {
  if (limit === null) return undefined;
  let worst: { userId: string; activeDevices: number } | undefined;
  const timeline = state.entities;
  for (let user = 0; user < timeline.users.size; user++) {
    const userId = timeline.users.idOf(user);
    const activeDevices = timeline.userActive.get(user);
    if (activeDevices > limit && (worst === undefined || userId < worst.userId)) {
      worst = { userId, activeDevices };
    }
  }
  return worst === undefined ? undefined : planLimitExceeded(worst.userId, worst.activeDevices, limit);
}

/** Renew, cancel and cap need a subscription that has started and is not canceled. */
function runningSubscription(command: Command, state: OrgState): OrgSubscription | DecisionError {
  const subscription = state.subscription;
  if (subscription === null) return subscriptionNotStarted(command.orgId, command.type);
  if (subscription.canceledAt !== null) return subscriptionCanceled(command.orgId, command.type);
  return subscription;
}

function renewSubscription(command: RenewSubscription, state: OrgState): Decision {
  const subscription = runningSubscription(command, state);
  if ('code' in subscription) return left(subscription);
  const { data } = command;
  const currency = state.registration?.currency ?? '';
  const { plan, termEnd } = subscription;
  const problem = firstProblem(
    () => (termEnd === null ? invalidRenewal(command.orgId, data.termStart, null) : undefined),
    () => checkCivilDate('data.termStart', data.termStart),
    () => checkRenewalFields(data, plan, currency),
    () => (data.termStart === termEnd ? undefined : invalidRenewal(command.orgId, data.termStart, termEnd)),
    () => termInRange('data.termStart', data.termStart, () => renew({ ...subscription }, data.termYears)),
  );
  return decided(problem, () => [emit(command, 'SubscriptionRenewed', renewalData(data))]);
}

/** A command whose term would end past 9999-12-31 is refused, as its event would be by the log
 * checker (subscription/term-range.ts). */
function termInRange(field: string, value: string, openTerm: () => unknown): Problem {
  const problem = termEndOutOfRange(openTerm);
  return problem === undefined ? undefined : invalidField(field, value, problem);
}

/** Which optional renewal fields a plan takes: a per-user year may change its license price; a
 * per-device yearly term may change its length and device price. */
function checkRenewalFields(data: SubscriptionRenewed['data'], plan: Plan, currency: string): Problem {
  const absent = (field: keyof SubscriptionRenewed['data'], why: string) => () =>
    data[field] === undefined
      ? undefined
      : invalidCommand(`data.${field}`, data[field], `must be absent: ${why}`);
  const price = (field: 'annualPricePerLicense' | 'annualPricePerDevice') => () =>
    data[field] === undefined ? undefined : checkPrice(`data.${field}`, data[field], currency);
  if (plan.model === 'per-user') {
    return firstProblem(
      () =>
        data.termYears === undefined || data.termYears === 1
          ? undefined
          : invalidCommand(
              'data.termYears',
              data.termYears,
              'must be 1 or absent: a per-user subscription year is always 1 year',
            ),
      absent('annualPricePerDevice', 'the plan is per-user (use annualPricePerLicense)'),
      price('annualPricePerLicense'),
    );
  }
  return firstProblem(
    absent('annualPricePerLicense', 'the plan is per-device (use annualPricePerDevice)'),
    () =>
      data.termYears === undefined ? undefined : checkOneOfNumbers('data.termYears', data.termYears, [1, 2]),
    price('annualPricePerDevice'),
  );
}

function cancelSubscription(command: CancelSubscription, state: OrgState): Decision {
  const subscription = runningSubscription(command, state);
  if ('code' in subscription) return left(subscription);
  return right([emit(command, 'SubscriptionCanceled', {})]);
}

function setLicenseCap(command: SetLicenseCap, state: OrgState): Decision {
  const subscription = runningSubscription(command, state);
  if ('code' in subscription) return left(subscription);
  const { cap } = command.data;
  const problem =
    cap === null || (typeof cap === 'number' && Number.isSafeInteger(cap) && cap > 0)
      ? undefined
      : invalidCommand('data.cap', cap, 'must be a positive integer, or null to remove the cap');
  return decided(problem, () => [emit(command, 'LicenseCapSet', { cap })]);
}

// Devices

/** Whether the event a command would record fits the organization's timeline at the command's
 * instant (entities/timeline.ts: the same check the log checker and every count make), worded
 * for the command. `consequence` finishes "device X is deactivated; ..." for this command. */
function timelineProblem(
  state: OrgState,
  command: Command,
  event: Pick<EntityEvent, 'type' | 'data'>,
  consequence = '',
): Problem {
  const refusal = state.entities.check(event as EntityEvent, parseInstant(command.at, 'at'));
  return refusal === undefined ? undefined : asDecisionError(state, refusal, consequence);
}

function asDecisionError(state: OrgState, refusal: EntityRefusal, consequence: string): DecisionError {
  const deviceId = refusal.deviceId ?? '';
  const archiveId = refusal.archiveId ?? '';
  switch (refusal.code) {
    case 'UnknownDevice':
      return unknownDevice(deviceId);
    case 'DeviceAlreadyActive':
      return deviceAlreadyActive(deviceId);
    case 'DeviceAlreadyExists':
      return deviceAlreadyExists(deviceId, refusal.userId ?? '');
    case 'DeviceNotActive':
      return deviceNotActive(deviceId, consequence);
    case 'UnknownArchive':
      return unknownArchive(archiveId);
    case 'ArchiveAlreadyExists': {
      const archive = state.entities.archives.find(archiveId);
      return archiveAlreadyExists(archiveId, Number.isNaN(state.entities.archivePurgedMs.get(archive)));
    }
    case 'ArchiveAlreadyPurged':
      return archiveAlreadyPurged(archiveId);
    case 'UnknownUser':
      return unknownUser(refusal.userId ?? '');
    default:
      return outOfTimeline({ ...refusal, code: refusal.code });
  }
}

function activateDevice(command: ActivateDevice, state: OrgState): Decision {
  const { deviceId, userId } = command.data;
  const problem = firstProblem(
    () => checkNonEmpty('data.deviceId', deviceId),
    () => checkNonEmpty('data.userId', userId),
    () => timelineProblem(state, command, { type: 'DeviceActivated', data: { deviceId, userId } }),
    () => deviceLimitProblem(state, command, userId),
    () => capProblem(state, command, deviceId, userId),
  );
  return decided(problem, () => [emit(command, 'DeviceActivated', { deviceId, userId })]);
}

function deactivateDevice(command: DeactivateDevice, state: OrgState): Decision {
  const { deviceId } = command.data;
  const problem = firstProblem(
    () => checkNonEmpty('data.deviceId', deviceId),
    () =>
      timelineProblem(
        state,
        command,
        { type: 'DeviceDeactivated', data: { deviceId } },
        'it is already deactivated, nothing to do',
      ),
  );
  if (problem !== undefined) return left(problem);
  return checkedCascade(state, command, deviceDeactivationEvents(state, command, deviceId));
}

/** The user of a known device ('' for an unknown one, which the timeline check refuses first). */
function ownerOf(state: OrgState, deviceId: string): string {
  const timeline = state.entities;
  const device = timeline.devices.find(deviceId);
  return device === -1 ? '' : timeline.users.idOf(timeline.deviceOwner.get(device));
}

function reactivateDevice(command: ReactivateDevice, state: OrgState): Decision {
  const { deviceId } = command.data;
  const userId = ownerOf(state, deviceId);
  const problem = firstProblem(
    () => checkNonEmpty('data.deviceId', deviceId),
    () => timelineProblem(state, command, { type: 'DeviceReactivated', data: { deviceId } }),
    () => deviceLimitProblem(state, command, userId),
    () => capProblem(state, command, deviceId, userId),
  );
  return decided(problem, () => [emit(command, 'DeviceReactivated', { deviceId })]);
}

/** The events of a cascade, each held to the timeline at the command's instant: a purge the
 * cascade would emit for an archive purged later in the log is refused, never doubled. */
function checkedCascade(state: OrgState, command: Command, events: PendingEvent[]): Decision {
  for (const event of events.slice(1)) {
    const problem = timelineProblem(state, command, event as Pick<EntityEvent, 'type' | 'data'>);
    if (problem !== undefined) return left(problem);
  }
  return right(events);
}

/** The instants from the command's on at which a limit must still hold: the command's own,
 * and every later status change, archive creation or purge known (in order, none are later). */
function instantsFrom(state: OrgState, ms: number): number[] {
  const timeline = state.entities;
  const instants = new Set<number>([ms]);
  if (ms >= timeline.latestMs) return [ms];
  for (let change = 0; change < timeline.changeCount; change++) {
    const at = timeline.changeMs.get(change);
    if (at > ms) instants.add(at);
  }
  for (let archive = 0; archive < timeline.archives.size; archive++) {
    const created = timeline.archiveCreatedMs.get(archive);
    const purged = timeline.archivePurgedMs.get(archive);
    if (created > ms) instants.add(created);
    if (purged > ms) instants.add(purged);
  }
  return [...instants].sort((a, b) => a - b);
}

/** A user may have at most maxDevicesPerUser active devices, at the command's instant and at
 * every later one known (a backdated activation must not exceed it later either). */
function deviceLimitProblem(state: OrgState, command: Command, userId: string): Problem {
  const limit = state.maxDevicesPerUser;
  if (limit === null) return undefined;
  const timeline = state.entities;
  const user = timeline.users.find(userId);
  if (user === -1) return undefined;
  const ms = parseInstant(command.at, 'at');
  let most = timeline.userActive.get(user);
  if (ms < timeline.latestMs) {
    // Backdated: the most active devices at the command's instant or any later one known.
    const devices = timeline.devicesOf(user);
    most = 0;
    for (const at of instantsFrom(state, ms)) {
      const active = devices.filter((device) => timeline.isActiveAt(device, at)).length;
      if (active > most) most = active;
    }
  }
  return most >= limit ? deviceLimitReached(userId, most, limit) : undefined;
}

/** With a cap, an activation may not add a license holder (per-user) or a billable device
 * (per-device) once the count has reached it, now or at any later instant known. A holder
 * adding a device, or a cold-storage device coming back, adds nothing and passes; a cap
 * lowered below use blocks only new use. A command at or after every known event reads the
 * counters; a backdated one sweeps the timeline at every later instant. */
function capProblem(state: OrgState, command: Command, deviceId: string, userId: string): Problem {
  const cap = state.licenseCap;
  const model = state.subscription?.plan.model;
  if (cap === null || model === undefined) return undefined;
  const timeline = state.entities;
  const ms = parseInstant(command.at, 'at');
  const device = timeline.devices.find(deviceId);
  const user = timeline.users.find(userId);
  const overCap = (count: BoundaryCounts, at: number, latest: boolean): Problem => {
    if (model === 'per-user') {
      const holder = user !== -1 && (latest ? isHolderNow(state, user) : isHolderAt(state, user, at));
      return !holder && count.licenseHolders >= cap
        ? licenseCapReached(model, cap, count.licenseHolders, deviceId, userId)
        : undefined;
    }
    const billable =
      device !== -1 && (latest ? isBillableNow(state, device) : isBillableAt(state, device, at));
    return !billable && count.billableDevices >= cap
      ? licenseCapReached(model, cap, count.billableDevices, deviceId, userId)
      : undefined;
  };
  if (ms >= timeline.latestMs) return overCap(timeline, ms, true);
  const instants = instantsFrom(state, ms);
  const counts = countsAtBoundaries(timeline, instants, Number.POSITIVE_INFINITY);
  for (let i = 0; i < instants.length; i++) {
    const problem = overCap(counts[i] as BoundaryCounts, instants[i] as number, false);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function isBillableNow(state: OrgState, device: number): boolean {
  const timeline = state.entities;
  return timeline.deviceActive.get(device) === 1 || timeline.deviceRetained.get(device) > 0;
}

function isHolderNow(state: OrgState, user: number): boolean {
  const timeline = state.entities;
  return timeline.userActive.get(user) > 0 || timeline.userRetained.get(user) > 0;
}

function isBillableAt(state: OrgState, device: number, ms: number): boolean {
  const timeline = state.entities;
  return timeline.isActiveAt(device, ms) || timeline.retainedArchivesAt(device, ms).length > 0;
}

function isHolderAt(state: OrgState, user: number, ms: number): boolean {
  return state.entities.devicesOf(user).some((device) => isBillableAt(state, device, ms));
}

// Archives

/** An archive dated before a later deactivation of its device would have been purged by that
 * deactivation without cold storage, or by a user cancellation: the cascade that would have
 * purged it is already in the log, so such a backdated backup is refused rather than left
 * retained forever. */
function laterPurgeProblem(state: OrgState, command: Command, deviceId: string): Problem {
  const timeline = state.entities;
  const device = timeline.devices.find(deviceId);
  if (device === -1) return undefined;
  const ms = parseInstant(command.at, 'at');
  const lastMs = timeline.lastChangeMs(device);
  if (lastMs <= ms || timeline.deviceActive.get(device) === 1) return undefined;
  const owner = timeline.users.idOf(timeline.deviceOwner.get(device));
  if (state.registration?.coldStorage !== false && !state.deactivatedUsers.has(owner)) return undefined;
  return outOfTimeline({
    code: 'TimelineConflict',
    field: 'data.deviceId',
    problem: `device ${deviceId} is deactivated at ${epochMsToInstant(lastMs)}, after ${command.at}, and its archives were purged then`,
    at: command.at,
    conflictAt: epochMsToInstant(lastMs),
  });
}

function recordArchive(command: RecordArchive, state: OrgState): Decision {
  const { archiveId, deviceId } = command.data;
  const problem = firstProblem(
    () => checkNonEmpty('data.archiveId', archiveId),
    () => checkNonEmpty('data.deviceId', deviceId),
    () =>
      timelineProblem(
        state,
        command,
        { type: 'ArchiveCreated', data: { archiveId, deviceId } },
        'a deactivated device does not back up; reactivate it (ReactivateDevice) first',
      ),
    () => laterPurgeProblem(state, command, deviceId),
    // A backdated archive keeps its device billable (and its user a holder) after a later
    // deactivation: new use then, which the cap must allow at every such instant.
    () => capProblem(state, command, deviceId, ownerOf(state, deviceId)),
  );
  return decided(problem, () => [emit(command, 'ArchiveCreated', { archiveId, deviceId })]);
}

function purgeArchive(command: PurgeArchive, state: OrgState): Decision {
  const { archiveId, reason } = command.data;
  const problem = firstProblem(
    () => checkNonEmpty('data.archiveId', archiveId),
    () =>
      MANUAL_PURGE_REASONS.includes(reason)
        ? undefined
        : invalidCommand(
            'data.reason',
            reason,
            'must be "cold-storage-purge" or "retention-expired" (purges for deactivation, canceled or ineligible come with DeactivateDevice and DeactivateUser)',
          ),
    () =>
      timelineProblem(state, command, { type: 'ArchivePurged', data: { archiveId, reason } } as Pick<
        EntityEvent,
        'type' | 'data'
      >),
  );
  return decided(problem, () => [emit(command, 'ArchivePurged', { archiveId, reason })]);
}

// Users

function deactivateUser(command: DeactivateUser, state: OrgState): Decision {
  const { userId, reason } = command.data;
  const problem = firstProblem(
    () => checkNonEmpty('data.userId', userId),
    () => checkOneOf('data.reason', reason, USER_DEACTIVATION_REASONS),
    () =>
      timelineProblem(state, command, { type: 'UserDeactivated', data: { userId, reason } } as Pick<
        EntityEvent,
        'type' | 'data'
      >),
  );
  if (problem !== undefined) return left(problem);
  const events = userDeactivationEvents(state, command, userId, reason);
  // Deactivating a deactivated user again is useful only when it removes something (an admin
  // deactivation followed by a cancellation that purges the archives).
  if (events.length === 1 && state.deactivatedUsers.has(userId)) return left(userAlreadyDeactivated(userId));
  return checkedCascade(state, command, events);
}

// Event data rebuilt field by field, so an emitted event holds exactly the wire fields even when
// a caller's object carries more.

function registrationData(data: OrganizationRegistered['data']): OrganizationRegistered['data'] {
  const { name, serialCode, billingAccount, timeZone, currency, rounding, coldStorage } = data;
  return {
    name,
    serialCode,
    billingAccount,
    timeZone,
    currency,
    ...(rounding === undefined ? {} : { rounding }),
    coldStorage,
  };
}

function planData(plan: Plan): Plan {
  const limit = plan.maxDevicesPerUser === undefined ? {} : { maxDevicesPerUser: plan.maxDevicesPerUser };
  switch (plan.model) {
    case 'per-user':
      return {
        model: plan.model,
        annualPricePerLicense: plan.annualPricePerLicense,
        initialLicenses: plan.initialLicenses,
        ...limit,
        ...(plan.tallySchedule === undefined
          ? {}
          : { tallySchedule: plan.tallySchedule.map(({ month, day }) => ({ month, day })) }),
      };
    case 'per-device':
      return plan.billing === 'monthly'
        ? {
            model: plan.model,
            billing: plan.billing,
            monthlyPricePerDevice: plan.monthlyPricePerDevice,
            ...limit,
          }
        : {
            model: plan.model,
            billing: plan.billing,
            termYears: plan.termYears,
            annualPricePerDevice: plan.annualPricePerDevice,
            devices: plan.devices,
            ...limit,
          };
  }
}

function renewalData(data: SubscriptionRenewed['data']): SubscriptionRenewed['data'] {
  const { termStart, termYears, annualPricePerLicense, annualPricePerDevice } = data;
  return {
    termStart,
    ...(termYears === undefined ? {} : { termYears }),
    ...(annualPricePerLicense === undefined ? {} : { annualPricePerLicense }),
    ...(annualPricePerDevice === undefined ? {} : { annualPricePerDevice }),
  };
}
