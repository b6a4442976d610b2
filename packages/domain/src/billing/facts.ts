// The billing facts of one organization as known at an instant: who it is (zone, currency,
// rounding), what it subscribed to, the terms its renewals opened, and when it canceled. This is
// the only part of invoicing that reads subscription events; everything after works on the facts.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { Temporal } from 'temporal-polyfill';
import { addMonthsClamped, isCivilDate, startOfDate } from '../calendar/index.js';
import type {
  CivilDate,
  DecimalString,
  Instant,
  OrganizationRegistered,
  Plan,
  Rounding,
  SubscriptionCanceled,
  SubscriptionRenewed,
  SubscriptionStarted,
  TallyEvent,
  TallyMonth,
} from '../events/types.js';
import { parseMoney } from '../money/index.js';
import { renewalFieldProblem } from '../subscription/renewal-fields.js';
import { instantToEpochMs } from '../time/instant.js';
import { type BillingError, billingError } from './errors.js';

/** The event types collectBillingFacts reads: a caller gathering them from a long log can skip
 * every other event. */
export const BILLING_FACT_TYPES: ReadonlySet<TallyEvent['type']> = new Set([
  'OrganizationRegistered',
  'SubscriptionStarted',
  'SubscriptionRenewed',
  'SubscriptionCanceled',
]);

const DEFAULT_TALLY_LEAD_HOURS = 48;
const DEFAULT_ROUNDING: Rounding = 'half-up';
const MONTHS_PER_YEAR = 12;

/** A subscription year (per-user) or term (per-device yearly), in anchored months: it covers the
 * billing dates `startDate + k months` for `startMonth <= k < startMonth + months`. */
export interface Term {
  readonly index: number;
  readonly startMonth: number;
  readonly months: number;
  readonly start: CivilDate;
  readonly end: CivilDate;
  readonly termYears: number;
  /** Annual price per license (per-user) or per device (per-device yearly), minor units. */
  readonly annualPrice: bigint;
  /** The SubscriptionRenewed that opened the term; null for the first term. */
  readonly renewedBy: string | null;
}

export type BillingModel =
  | {
      readonly model: 'per-user';
      readonly initialLicenses: number;
      readonly tallySchedule: readonly TallyMonth[] | undefined;
      readonly terms: readonly Term[];
    }
  | { readonly model: 'per-device-monthly'; readonly monthlyPrice: bigint }
  | { readonly model: 'per-device-yearly'; readonly devicesOrdered: number; readonly terms: readonly Term[] };

export interface BillingFacts {
  readonly orgId: string;
  readonly asKnownAt: Instant;
  readonly timeZone: string;
  readonly currency: string;
  readonly rounding: Rounding;
  readonly startDate: CivilDate;
  /** `start(startDate)` in the org's zone: no tally is ever taken before it. */
  readonly startInstant: Instant;
  readonly tallyLeadHours: number;
  readonly subscriptionEventId: string;
  readonly billing: BillingModel;
  /** Effective instant of the earliest known SubscriptionCanceled; null while live. */
  readonly canceledAt: Instant | null;
  /** The first date whose start is not before `canceledAt` (so it and every later date are not
   * billed); null while live. */
  readonly canceledFrom: CivilDate | null;
  readonly canceledBy: string | null;
}

export interface CollectOptions {
  readonly orgId: string;
  /** Events recorded after this instant are not known yet and are ignored. */
  readonly asKnownAt: Instant;
}

interface Collected {
  registration?: OrganizationRegistered;
  started?: SubscriptionStarted;
  renewals: SubscriptionRenewed[];
  canceled?: SubscriptionCanceled;
}

/** Reads the org's registration, subscription, renewals and cancellation from one pass over the
 * events (other orgs' events are skipped), keeping only what was recorded by `asKnownAt`.
 * Subscription events define the schedule whatever their occurredAt, so the result does not
 * depend on the order the events come in. */
export function collectBillingFacts(
  events: Iterable<TallyEvent>,
  options: CollectOptions,
): Either<BillingError, BillingFacts> {
  const { orgId, asKnownAt } = options;
  const knownMs = instantToEpochMs(asKnownAt);
  if (Number.isNaN(knownMs)) {
    return left(
      billingError(
        'InvalidArgument',
        `asKnownAt must be a UTC instant like 2026-03-07T07:00:00Z, got "${asKnownAt}"`,
      ),
    );
  }
  const collected: Collected = { renewals: [] };
  for (const event of events) {
    if (event.orgId !== orgId || instantToEpochMs(event.recordedAt) > knownMs) continue;
    const problem = collect(collected, event);
    if (problem !== undefined) return left(problem);
  }
  const { registration, started } = collected;
  if (registration === undefined) {
    return left(
      billingError(
        'UnknownOrganization',
        `no OrganizationRegistered for org "${orgId}" recorded by ${asKnownAt}`,
      ),
    );
  }
  if (started === undefined) {
    return left(
      billingError('NoSubscription', `org "${orgId}" has no SubscriptionStarted recorded by ${asKnownAt}`),
    );
  }
  return buildFacts(options, registration, started, collected);
}

function collect(collected: Collected, event: TallyEvent): BillingError | undefined {
  switch (event.type) {
    case 'OrganizationRegistered':
      if (collected.registration !== undefined) {
        return billingError(
          'InconsistentLog',
          `second OrganizationRegistered ${event.eventId} for org "${event.orgId}" (first: ${collected.registration.eventId})`,
        );
      }
      collected.registration = event;
      return undefined;
    case 'SubscriptionStarted':
      if (collected.started !== undefined) {
        return billingError(
          'InconsistentLog',
          `second SubscriptionStarted ${event.eventId} for org "${event.orgId}" (first: ${collected.started.eventId})`,
        );
      }
      collected.started = event;
      return undefined;
    case 'SubscriptionRenewed':
      collected.renewals.push(event);
      return undefined;
    case 'SubscriptionCanceled':
      // The earliest cancellation is the one in effect; a later one changes nothing.
      if (collected.canceled === undefined || earlier(event, collected.canceled)) collected.canceled = event;
      return undefined;
    default:
      return undefined;
  }
}

function earlier(a: TallyEvent, b: TallyEvent): boolean {
  const difference = instantToEpochMs(a.occurredAt) - instantToEpochMs(b.occurredAt);
  return difference < 0 || (difference === 0 && a.eventId < b.eventId);
}

function buildFacts(
  options: CollectOptions,
  registration: OrganizationRegistered,
  started: SubscriptionStarted,
  collected: Collected,
): Either<BillingError, BillingFacts> {
  const { timeZone, currency } = registration.data;
  const { startDate, plan } = started.data;
  if (!isCivilDate(startDate)) {
    return left(
      billingError(
        'InconsistentLog',
        `SubscriptionStarted ${started.eventId}: startDate "${startDate}" is not a date`,
      ),
    );
  }
  let startInstant: Instant;
  try {
    startInstant = startOfDate(startDate, timeZone);
  } catch (error) {
    return left(
      billingError(
        'InconsistentLog',
        `OrganizationRegistered ${registration.eventId}: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
  const price = (text: DecimalString, eventId: string, field: string): Either<BillingError, bigint> => {
    const parsed = parseMoney(text, currency);
    if (parsed._tag === 'Left')
      return left(billingError('InvalidPrice', `${eventId}: ${field} ${parsed.left}`));
    if (parsed.right < 0n)
      return left(billingError('InvalidPrice', `${eventId}: ${field} "${text}" is negative`));
    return parsed;
  };

  let billing: BillingModel;
  if (plan.model === 'per-user') {
    const annual = price(plan.annualPricePerLicense, started.eventId, 'plan.annualPricePerLicense');
    if (annual._tag === 'Left') return annual;
    const terms = chainTerms(startDate, collected.renewals, annual.right, 1, (renewal) => {
      const refused = renewalRefusal(plan, renewal);
      if (refused !== undefined) return left(refused);
      const text = renewal.data.annualPricePerLicense;
      return right({
        termYears: 1,
        price: text === undefined ? undefined : price(text, renewal.eventId, 'annualPricePerLicense'),
      });
    });
    if (terms._tag === 'Left') return terms;
    billing = {
      model: 'per-user',
      initialLicenses: plan.initialLicenses,
      tallySchedule: plan.tallySchedule,
      terms: terms.right,
    };
  } else if (plan.billing === 'monthly') {
    const first = collected.renewals[0];
    const refused = first === undefined ? undefined : renewalRefusal(plan, first);
    if (refused !== undefined) return left(refused);
    const monthly = price(plan.monthlyPricePerDevice, started.eventId, 'plan.monthlyPricePerDevice');
    if (monthly._tag === 'Left') return monthly;
    billing = { model: 'per-device-monthly', monthlyPrice: monthly.right };
  } else {
    const annual = price(plan.annualPricePerDevice, started.eventId, 'plan.annualPricePerDevice');
    if (annual._tag === 'Left') return annual;
    const terms = chainTerms(
      startDate,
      collected.renewals,
      annual.right,
      plan.termYears,
      (renewal, previous) => {
        const refused = renewalRefusal(plan, renewal);
        if (refused !== undefined) return left(refused);
        const text = renewal.data.annualPricePerDevice;
        return right({
          termYears: renewal.data.termYears ?? previous.termYears,
          price: text === undefined ? undefined : price(text, renewal.eventId, 'annualPricePerDevice'),
        });
      },
    );
    if (terms._tag === 'Left') return terms;
    billing = { model: 'per-device-yearly', devicesOrdered: plan.devices, terms: terms.right };
  }

  return right({
    orgId: options.orgId,
    asKnownAt: options.asKnownAt,
    timeZone,
    currency,
    rounding: registration.data.rounding ?? DEFAULT_ROUNDING,
    startDate,
    startInstant,
    tallyLeadHours: started.data.tallyLeadHours ?? DEFAULT_TALLY_LEAD_HOURS,
    subscriptionEventId: started.eventId,
    billing,
    canceledAt: collected.canceled?.occurredAt ?? null,
    canceledFrom:
      collected.canceled === undefined ? null : firstDateNotBefore(collected.canceled.occurredAt, timeZone),
    canceledBy: collected.canceled?.eventId ?? null,
  });
}

/** A renewal whose fields the plan does not take (subscription/renewal-fields.ts). */
function renewalRefusal(plan: Plan, renewal: SubscriptionRenewed): BillingError | undefined {
  const problem = renewalFieldProblem(plan, renewal.data);
  return problem === undefined
    ? undefined
    : billingError('InvalidRenewal', `SubscriptionRenewed ${renewal.eventId}: ${problem.problem}`);
}

interface RenewalTerms {
  readonly termYears: number;
  readonly price: Either<BillingError, bigint> | undefined;
}

/** The first term plus one term per renewal, each renewal's termStart checked against the end of
 * the term before it (renewals are taken in termStart order, so their arrival order is moot). */
function chainTerms(
  startDate: CivilDate,
  renewals: readonly SubscriptionRenewed[],
  firstPrice: bigint,
  firstTermYears: number,
  readRenewal: (renewal: SubscriptionRenewed, previous: Term) => Either<BillingError, RenewalTerms>,
): Either<BillingError, Term[]> {
  const term = (
    index: number,
    startMonth: number,
    termYears: number,
    annualPrice: bigint,
    renewedBy: string | null,
  ) => ({
    index,
    startMonth,
    months: termYears * MONTHS_PER_YEAR,
    start: addMonthsClamped(startDate, startMonth),
    end: addMonthsClamped(startDate, startMonth + termYears * MONTHS_PER_YEAR),
    termYears,
    annualPrice,
    renewedBy,
  });
  const terms: Term[] = [term(0, 0, firstTermYears, firstPrice, null)];
  for (const renewal of sortRenewals(renewals)) {
    const previous = terms[terms.length - 1] as Term;
    if (renewal.data.termStart !== previous.end) {
      return left(
        billingError(
          'InvalidRenewal',
          `SubscriptionRenewed ${renewal.eventId}: termStart ${renewal.data.termStart} must equal the current term's end ${previous.end}`,
        ),
      );
    }
    const read = readRenewal(renewal, previous);
    if (read._tag === 'Left') return read;
    const { termYears, price } = read.right;
    if (price !== undefined && price._tag === 'Left') return price;
    const annualPrice = price === undefined ? previous.annualPrice : price.right;
    terms.push(
      term(terms.length, previous.startMonth + previous.months, termYears, annualPrice, renewal.eventId),
    );
  }
  return right(terms);
}

function sortRenewals(renewals: readonly SubscriptionRenewed[]): SubscriptionRenewed[] {
  // YYYY-MM-DD strings sort like dates; an invalid termStart simply fails the chain check.
  return [...renewals].sort((a, b) =>
    a.data.termStart === b.data.termStart
      ? a.eventId < b.eventId
        ? -1
        : a.eventId > b.eventId
          ? 1
          : 0
      : a.data.termStart < b.data.termStart
        ? -1
        : 1,
  );
}

/** The first civil date in `timeZone` whose start is at or after `instant`: the instant's own
 * date when it is exactly that date's start, else the next date. */
function firstDateNotBefore(instant: Instant, timeZone: string): CivilDate {
  const date = Temporal.Instant.fromEpochMilliseconds(instantToEpochMs(instant))
    .toZonedDateTimeISO(timeZone)
    .toPlainDate();
  return startOfDate(date.toString(), timeZone) === instant
    ? date.toString()
    : date.add({ days: 1 }).toString();
}
