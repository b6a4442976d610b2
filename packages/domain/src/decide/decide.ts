// decide(command, state): the rules of docs/commands.md. Pure: the same command and state give the
// same answer, a Left names what blocked the command and nothing is emitted with it.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import type { DeviceRecord } from '../counting/index.js';
import { isBillableDevice, isLicenseHolder } from '../counting/index.js';
import type { OrganizationRegistered, PendingEvent, Plan, SubscriptionRenewed } from '../events/types.js';
import { deviceDeactivationEvents, userDeactivationEvents } from './cascades.js';
import type {
  ActivateDevice,
  CancelSubscription,
  Command,
  DeactivateDevice,
  DeactivateUser,
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
  invalidRenewal,
  licenseCapReached,
  organizationAlreadyRegistered,
  organizationNotRegistered,
  planLimitExceeded,
  subscriptionAlreadyStarted,
  subscriptionCanceled,
  subscriptionNotStarted,
  unknownArchive,
  unknownDevice,
  unknownUser,
  userAlreadyDeactivated,
} from './errors.js';
import { maxDevicesPerUserOf, type OrgState, type OrgSubscription } from './org-state.js';
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
  const { startDate, tallyLeadHours, plan } = command.data;
  const existing = state.subscription;
  const problem = firstProblem(
    () =>
      existing === null
        ? undefined
        : subscriptionAlreadyStarted(command.orgId, existing.startDate, existing.canceledAt !== null),
    () => checkSubscriptionStart(command.data, currency),
    () => usersOverLimit(state, maxDevicesPerUserOf(plan)),
  );
  return decided(problem, () => [
    emit(command, 'SubscriptionStarted', {
      startDate,
      ...(tallyLeadHours === undefined ? {} : { tallyLeadHours }),
      plan: planData(plan),
    }),
  ]);
}

/** The first user (by id) who already has more active devices than a new plan allows. */
function usersOverLimit(state: OrgState, limit: number | null): Problem {
  if (limit === null) return undefined;
  let worst: { userId: string; activeDevices: number } | undefined;
  for (const [userId, user] of state.entities.users) {
    if (user.activeDevices > limit && (worst === undefined || userId < worst.userId)) {
      worst = { userId, activeDevices: user.activeDevices };
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
  );
  return decided(problem, () => [emit(command, 'SubscriptionRenewed', renewalData(data))]);
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

function activateDevice(command: ActivateDevice, state: OrgState): Decision {
  const { deviceId, userId } = command.data;
  const problem = firstProblem(
    () => checkNonEmpty('data.deviceId', deviceId),
    () => checkNonEmpty('data.userId', userId),
    () => {
      const device = state.entities.devices.get(deviceId);
      if (device === undefined) return undefined;
      return device.active ? deviceAlreadyActive(deviceId) : deviceAlreadyExists(deviceId, device.userId);
    },
    () => deviceLimitProblem(state, userId),
    () => capProblem(state, deviceId, userId, undefined),
  );
  return decided(problem, () => [emit(command, 'DeviceActivated', { deviceId, userId })]);
}

function deactivateDevice(command: DeactivateDevice, state: OrgState): Decision {
  const { deviceId } = command.data;
  const problem = firstProblem(
    () => checkNonEmpty('data.deviceId', deviceId),
    () => {
      const device = state.entities.devices.get(deviceId);
      if (device === undefined) return unknownDevice(deviceId);
      return device.active
        ? undefined
        : deviceNotActive(deviceId, 'it is already deactivated, nothing to do');
    },
  );
  return decided(problem, () => deviceDeactivationEvents(state, command, deviceId));
}

function reactivateDevice(command: ReactivateDevice, state: OrgState): Decision {
  const { deviceId } = command.data;
  const device = state.entities.devices.get(deviceId);
  const problem = firstProblem(
    () => checkNonEmpty('data.deviceId', deviceId),
    () => {
      if (device === undefined) return unknownDevice(deviceId);
      return device.active ? deviceAlreadyActive(deviceId) : undefined;
    },
    () => (device === undefined ? undefined : deviceLimitProblem(state, device.userId)),
    () => (device === undefined ? undefined : capProblem(state, deviceId, device.userId, device)),
  );
  return decided(problem, () => [emit(command, 'DeviceReactivated', { deviceId })]);
}

/** A user may have at most maxDevicesPerUser active devices. */
function deviceLimitProblem(state: OrgState, userId: string): Problem {
  const limit = state.maxDevicesPerUser;
  if (limit === null) return undefined;
  const active = state.entities.users.get(userId)?.activeDevices ?? 0;
  return active >= limit ? deviceLimitReached(userId, active, limit) : undefined;
}

/** With a cap, an activation may not add a license holder (per-user) or a billable device
 * (per-device) once the count has reached it. A holder adding a device, or a cold-storage
 * device coming back, adds nothing and passes; a cap lowered below use blocks only new use. */
function capProblem(
  state: OrgState,
  deviceId: string,
  userId: string,
  device: DeviceRecord | undefined,
): Problem {
  const cap = state.licenseCap;
  const model = state.subscription?.plan.model;
  if (cap === null || model === undefined) return undefined;
  const entities = state.entities;
  if (model === 'per-user') {
    const user = entities.users.get(userId);
    const alreadyHolder = user !== undefined && isLicenseHolder(user);
    return !alreadyHolder && entities.licenseHolders >= cap
      ? licenseCapReached(model, cap, entities.licenseHolders, deviceId, userId)
      : undefined;
  }
  const alreadyBillable = device !== undefined && isBillableDevice(device);
  return !alreadyBillable && entities.billableDevices >= cap
    ? licenseCapReached(model, cap, entities.billableDevices, deviceId, userId)
    : undefined;
}

// Archives

function recordArchive(command: RecordArchive, state: OrgState): Decision {
  const { archiveId, deviceId } = command.data;
  const problem = firstProblem(
    () => checkNonEmpty('data.archiveId', archiveId),
    () => checkNonEmpty('data.deviceId', deviceId),
    () => {
      const archive = state.entities.archives.get(archiveId);
      return archive === undefined ? undefined : archiveAlreadyExists(archiveId, archive.retained);
    },
    () => {
      const device = state.entities.devices.get(deviceId);
      if (device === undefined) return unknownDevice(deviceId);
      return device.active
        ? undefined
        : deviceNotActive(
            deviceId,
            'a deactivated device does not back up; reactivate it (ReactivateDevice) first',
          );
    },
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
    () => {
      const archive = state.entities.archives.get(archiveId);
      if (archive === undefined) return unknownArchive(archiveId);
      return archive.retained ? undefined : archiveAlreadyPurged(archiveId);
    },
  );
  return decided(problem, () => [emit(command, 'ArchivePurged', { archiveId, reason })]);
}

// Users

function deactivateUser(command: DeactivateUser, state: OrgState): Decision {
  const { userId, reason } = command.data;
  const problem = firstProblem(
    () => checkNonEmpty('data.userId', userId),
    () => checkOneOf('data.reason', reason, USER_DEACTIVATION_REASONS),
    () => (state.entities.users.has(userId) ? undefined : unknownUser(userId)),
  );
  if (problem !== undefined) return left(problem);
  const events = userDeactivationEvents(state, command, userId, reason);
  // Deactivating a deactivated user again is useful only when it removes something (an admin
  // deactivation followed by a cancellation that purges the archives).
  if (events.length === 1 && state.deactivatedUsers.has(userId)) return left(userAlreadyDeactivated(userId));
  return right(events);
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
