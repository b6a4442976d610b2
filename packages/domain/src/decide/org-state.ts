// The state a decider decides on: one organization's registration, subscription, cap and device
// limit, plus its entity timeline (devices, archives, users: entities/timeline.ts), the one
// that every count reads too.
//
// Two ways to apply an event, one rule: `applyOrgEvent` mutates a state its caller owns (a
// command handler's per-org cache, a replay built from scratch); `evolve` and `foldOrgEvents`
// apply it to a copy, so their input is never touched (a copy per call: fold a batch with
// foldOrgEvents, never one evolve per event on a large org).
import { BILLING_FACT_TYPES } from '../billing/facts.js';
import { addYearsClamped } from '../calendar/index.js';
import { occurredAtMs, recordedAtMs } from '../counting/parse-instant.js';
import { InconsistentEventError } from '../entities/inconsistent-event.js';
import { EntityTimeline, isEntityEvent } from '../entities/timeline.js';
import type { CivilDate, Instant, IssuedInvoiceJson, Plan, Rounding, TallyEvent } from '../events/types.js';

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
  entities: EntityTimeline;
  /** Users whose latest user-level fact is UserDeactivated (a new device makes them active again). */
  deactivatedUsers: Set<string>;
  /** The events the billing facts read (BILLING_FACT_TYPES), in stream order: few, and what an
   * issued invoice is priced from beside the timeline. */
  billingEvents: TallyEvent[];
  /** Every InvoiceIssued's data, in stream order (version 1 read as version 2): what was billed,
   * for numbering and corrections (docs/billing.md#issuing-invoices). */
  issuedInvoices: IssuedInvoiceJson[];
  /** The latest recordedAt (epoch ms) of the events other than InvoiceIssued; Number.MIN_SAFE_INTEGER before
   * any (a JSON number, for snapshots): whether anything was recorded since the last invoice (nothing to correct then). */
  lastRecordedMs: number;
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
    entities: new EntityTimeline(),
    deactivatedUsers: new Set(),
    billingEvents: [],
    issuedInvoices: [],
    lastRecordedMs: Number.MIN_SAFE_INTEGER,
    version: 0,
  };
}

/** The device limit a plan sets: its own maxDevicesPerUser, else the model's default. */
export function maxDevicesPerUserOf(plan: Plan): number | null {
  if (plan.maxDevicesPerUser !== undefined) return plan.maxDevicesPerUser;
  return plan.model === 'per-user' ? DEFAULT_MAX_DEVICES_PER_USER : null;
}

/** Applies one event to a state the caller owns, in place; O(1). A device, archive or user
 * event that does not fit the timeline throws InconsistentEventError (index = state.version)
 * and changes nothing: no event is ever skipped. Org and subscription events are applied as far
 * as they make sense (a second registration is ignored); checkEvent says why they do not fit. */
export function applyOrgEvent(state: OrgState, event: TallyEvent): void {
  if (isEntityEvent(event)) {
    const ms = occurredAtMs(event);
    const refusal = state.entities.check(event, ms);
    if (refusal !== undefined) throw new InconsistentEventError(state.version, event.eventId, refusal);
  }
  applyCheckedOrgEvent(state, event);
}

/** applyOrgEvent for an event already checked (checkEvent found nothing): no second check. */
export function applyCheckedOrgEvent(state: OrgState, event: TallyEvent): void {
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
    case 'DeviceActivated':
      state.deactivatedUsers.delete(event.data.userId);
      break;
    case 'UserDeactivated':
      state.deactivatedUsers.add(event.data.userId);
      break;
    case 'InvoiceIssued':
      state.issuedInvoices.push(event.data);
      break;
    default:
      break;
  }
  if (BILLING_FACT_TYPES.has(event.type)) state.billingEvents.push(event);
  // recordedAt parsed once, occurredAt not again after the check (both are per-event costs).
  const recordedMs = event.type === 'InvoiceIssued' ? Number.NaN : recordedAtMs(event);
  if (event.type !== 'InvoiceIssued') state.lastRecordedMs = Math.max(state.lastRecordedMs, recordedMs);
  if (isEntityEvent(event)) {
    state.entities.apply(event, state.entities.occurredMsOf(event), recordedMs);
  }
  state.version += 1;
}

export function subscriptionOf(
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
export function renew(subscription: OrgSubscription, requestedYears: number | undefined): void {
  if (subscription.termEnd === null) return;
  const termYears =
    subscription.plan.model === 'per-user' ? 1 : (requestedYears ?? subscription.termYears ?? 1);
  subscription.yearsThroughTermEnd += termYears;
  subscription.termStart = subscription.termEnd;
  subscription.termEnd = addYearsClamped(subscription.startDate, subscription.yearsThroughTermEnd);
  subscription.termYears = termYears;
}

/** A copy that changes independently of `state`: the timeline, the sets and the registration and
 * subscription records are new (the plan inside the subscription is shared: nothing changes it). */
export function cloneOrgState(state: OrgState): OrgState {
  return {
    registration: state.registration === null ? null : { ...state.registration },
    subscription: state.subscription === null ? null : { ...state.subscription },
    licenseCap: state.licenseCap,
    maxDevicesPerUser: state.maxDevicesPerUser,
    entities: state.entities.clone(),
    deactivatedUsers: new Set(state.deactivatedUsers),
    billingEvents: [...state.billingEvents],
    issuedInvoices: [...state.issuedInvoices],
    lastRecordedMs: state.lastRecordedMs,
    version: state.version,
  };
}

/** Pure form of applyOrgEvent: a new state, the input untouched. */
export function evolve(state: OrgState, event: TallyEvent): OrgState {
  const next = cloneOrgState(state);
  applyOrgEvent(next, event);
  return next;
}

/** Pure fold of a batch: one copy, then the events applied to it; the input untouched. */
export function foldOrgEvents(state: OrgState, events: Iterable<TallyEvent>): OrgState {
  const next = cloneOrgState(state);
  for (const event of events) applyOrgEvent(next, event);
  return next;
}
