// The state a decider decides on: one organization's registration, subscription, cap and device
// limit, plus the counting fold's entity state (devices, archives, users), reused as it is.
//
// Two ways to apply an event, one rule: `applyOrgEvent` mutates a state its caller owns (a
// command handler's per-org cache, a replay built from scratch); `evolve` and `foldOrgEvents`
// run the same function inside one immer draft, so their input is never touched. Immer copies a
// Map the first time a draft writes to it, so a batch goes through one draft, never one per event.
import { enableMapSet, Immer } from 'immer';
import { addYearsClamped } from '../calendar/index.js';
import { applyEntityEvent, createEntityState, type EntityState } from '../counting/index.js';
import type { CivilDate, Instant, Plan, Rounding, TallyEvent } from '../events/types.js';

/** Per-user plans: 4 active devices per user unless the plan sets another (docs/commands.md#device-limit). */
export const DEFAULT_MAX_DEVICES_PER_USER = 4;
const DEFAULT_TALLY_LEAD_HOURS = 48;

export interface OrgRegistration {
  orgId: string;
  name: string;
  serialCode: string;
  billingAccount: string;
  timeZone: string;
  currency: string;
  rounding: Rounding;
  coldStorage: boolean;
  registeredAt: Instant;
}

export interface OrgSubscription {
  plan: Plan;
  startDate: CivilDate;
  startedAt: Instant;
  tallyLeadHours: number;
  /** First day of the current term (the start date for per-device monthly plans). */
  termStart: CivilDate;
  /** End of the current term, exclusive: the next renewal's termStart. Null for per-device
   * monthly plans, which run until canceled. */
  termEnd: CivilDate | null;
  /** Years from startDate to termEnd: term ends are always computed from the start date. */
  yearsThroughTermEnd: number;
  /** Length of the current term in years (1 for per-user; null for per-device monthly). */
  termYears: number | null;
  /** `occurredAt` of SubscriptionCanceled; null while the subscription runs. */
  canceledAt: Instant | null;
}

export interface OrgState {
  registration: OrgRegistration | null;
  subscription: OrgSubscription | null;
  /** Set by LicenseCapSet; null = no cap. */
  licenseCap: number | null;
  /** Active devices a user may have; null = no limit (no plan yet, or a per-device plan without one). */
  maxDevicesPerUser: number | null;
  entities: EntityState;
  /** Every device each user ever had (a device's owner never changes), for the user cascades. */
  deviceIdsByUser: Map<string, Set<string>>;
  /** Users whose latest user-level fact is UserDeactivated (a new device makes them active again). */
  deactivatedUsers: Set<string>;
  /** Number of events applied; in a replay from the start it is also the next event's index. */
  version: number;
}

/** A fresh state: no registration, no subscription, no entities, version 0. */
export function initialOrgState(): OrgState {
  return {
    registration: null,
    subscription: null,
    licenseCap: null,
    maxDevicesPerUser: null,
    entities: createEntityState(),
    deviceIdsByUser: new Map(),
    deactivatedUsers: new Set(),
    version: 0,
  };
}

/** The device limit a plan sets: its own maxDevicesPerUser, else the model's default. */
export function maxDevicesPerUserOf(plan: Plan): number | null {
  if (plan.maxDevicesPerUser !== undefined) return plan.maxDevicesPerUser;
  return plan.model === 'per-user' ? DEFAULT_MAX_DEVICES_PER_USER : null;
}

/** Applies one event to a state the caller owns, in place; O(1). Lenient like the counting
 * fold: an event that does not fit (checkEvent would refuse it) is applied as far as it makes
 * sense (a second registration or subscription is ignored), so an unchecked replay still gives
 * an answer; `version` always advances. */
export function applyOrgEvent(state: OrgState, event: TallyEvent): void {
  switch (event.type) {
    case 'OrganizationRegistered':
      if (state.registration === null) {
        const { rounding, ...facts } = event.data;
        state.registration = {
          orgId: event.orgId,
          ...facts,
          rounding: rounding ?? 'half-up',
          registeredAt: event.occurredAt,
        };
      }
      break;
    case 'SubscriptionStarted':
      if (state.subscription === null) {
        state.subscription = subscriptionOf(event.data, event.occurredAt);
        state.maxDevicesPerUser = maxDevicesPerUserOf(event.data.plan);
      }
      break;
    case 'SubscriptionRenewed':
      if (state.subscription?.termEnd != null) renew(state.subscription, event.data.termYears);
      break;
    case 'SubscriptionCanceled':
      if (state.subscription !== null) state.subscription.canceledAt ??= event.occurredAt;
      break;
    case 'LicenseCapSet':
      state.licenseCap = event.data.cap;
      break;
    case 'DeviceActivated': {
      const { deviceId, userId } = event.data;
      if (!state.entities.devices.has(deviceId)) {
        const owned = state.deviceIdsByUser.get(userId);
        if (owned === undefined) state.deviceIdsByUser.set(userId, new Set([deviceId]));
        else owned.add(deviceId);
      }
      state.deactivatedUsers.delete(userId);
      break;
    }
    case 'UserDeactivated':
      state.deactivatedUsers.add(event.data.userId);
      break;
    default:
      break;
  }
  applyEntityEvent(state.entities, event);
  state.version += 1;
}

function subscriptionOf(
  data: Extract<TallyEvent, { type: 'SubscriptionStarted' }>['data'],
  startedAt: Instant,
): OrgSubscription {
  const { plan, startDate } = data;
  const termYears = plan.model === 'per-user' ? 1 : plan.billing === 'yearly' ? plan.termYears : null;
  return {
    plan,
    startDate,
    startedAt,
    tallyLeadHours: data.tallyLeadHours ?? DEFAULT_TALLY_LEAD_HOURS,
    termStart: startDate,
    termEnd: termYears === null ? null : addYearsClamped(startDate, termYears),
    yearsThroughTermEnd: termYears ?? 0,
    termYears,
    canceledAt: null,
  };
}

/** The term that follows the current one. A renewal without termYears keeps the current length
 * (per-user terms are always 1 year). */
function renew(subscription: OrgSubscription, requestedYears: number | undefined): void {
  if (subscription.termEnd === null) return;
  const termYears =
    subscription.plan.model === 'per-user' ? 1 : (requestedYears ?? subscription.termYears ?? 1);
  subscription.yearsThroughTermEnd += termYears;
  subscription.termStart = subscription.termEnd;
  subscription.termEnd = addYearsClamped(subscription.startDate, subscription.yearsThroughTermEnd);
  subscription.termYears = termYears;
}

// Maps and Sets inside the state need immer's MapSet plugin. Auto-freeze is off: a frozen result
// could never become an owned cache for applyOrgEvent, and freezing would also reach the parts
// of the input the result shares with it.
enableMapSet();
const immer = new Immer({ autoFreeze: false });

/** Pure form of applyOrgEvent: a new state, the input untouched (the two share unchanged parts,
 * so treat both as immutable afterwards). */
export function evolve(state: OrgState, event: TallyEvent): OrgState {
  return immer.produce(state, (draft) => {
    applyOrgEvent(draft as OrgState, event);
  });
}

/** Pure fold of a batch: one immer draft around the loop, the input untouched. */
export function foldOrgEvents(state: OrgState, events: Iterable<TallyEvent>): OrgState {
  return immer.produce(state, (draft) => {
    for (const event of events) applyOrgEvent(draft as OrgState, event);
  });
}
