// The demo's sentences: why each invoice line has its quantity, in words a billing person can
// check against the counts table. Every number and instant comes from the domain
// (explainInvoiceLine, explainCountsAt, the schedule, tallyInstant, startOfDate); this file only
// picks the words, and refuses to print an explanation whose parts do not add up.
import {
  type BillingFacts,
  type CivilDate,
  type CountsExplanation,
  explainCountsAt,
  explainInvoiceLine,
  formatMoney,
  INSTALLMENTS_PER_YEAR,
  type Instant,
  type Invoice,
  type ScheduledBilling,
  startOfDate,
  type TallyEvent,
  tallyInstant,
} from '@tally/domain';
import { localTime } from './local-time.js';
import { NO_BREAK } from './table.js';

/** Earlier than any subscription: `tallyInstant` with this floor gives the lead alone. */
const NO_FLOOR: Instant = '1970-01-01T00:00:00Z';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
/** "48 h", never broken across lines. */
const hours = (n: number) => `${n}${NO_BREAK}h`;

/** At most `max` ids, then how many more. */
function listIds(ids: readonly string[], max = 4): string {
  const shown = ids.slice(0, max).join(', ');
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`demo: the explanation does not add up: ${what}`);
}

export interface OrgContext {
  readonly events: readonly TallyEvent[];
  readonly facts: BillingFacts;
  readonly asKnownAt: Instant;
  /** From OrganizationRegistered: whether a deactivated device's archives are kept. */
  readonly coldStorage: boolean;
}

const money = (context: OrgContext, minor: bigint) => formatMoney(minor, context.facts.currency);
const local = (context: OrgContext, instant: Instant) => localTime(instant, context.facts.timeZone);

/** The plan in words, for the section's header; `entries`: the schedule of the dates shown. */
export function describePlan(context: OrgContext, entries: readonly ScheduledBilling[]): string[] {
  const { facts } = context;
  const lead = hours(facts.tallyLeadHours);
  const byLead = `Devices are counted ${lead} before the start (local midnight) of each billing date, and never before the subscription's start.`;
  const storage = context.coldStorage
    ? 'Cold storage is on: a deactivated device stays billable until its archive is purged.'
    : 'Cold storage is off: deactivating a device purges its archives, so it stops being billable.';
  switch (facts.billing.model) {
    case 'per-user': {
      const term = facts.billing.terms[0];
      const annual = term === undefined ? '?' : money(context, term.annualPrice);
      const tallyDates = entries.flatMap((entry) =>
        entry.kind === 'installment' && entry.tallyDate !== null ? [entry.tallyDate] : [],
      );
      const dates = [...new Set(tallyDates)].join(', ');
      return [
        `Plan: per user, ${annual} per license per year, billed monthly in ${INSTALLMENTS_PER_YEAR} installments from ${facts.startDate}.`,
        `Licenses in use (users with a backup kept) are counted at the start (local midnight) of each tally date (here ${dates}); an invoice uses the latest tally on or before its billing date, and before the first tally the ${facts.billing.initialLicenses} licenses ordered.`,
      ];
    }
    case 'per-device-monthly':
      return [
        `Plan: per device, ${money(context, facts.billing.monthlyPrice)} per billable device per month, from ${facts.startDate}.`,
        byLead,
        storage,
      ];
    case 'per-device-yearly': {
      const term = facts.billing.terms[0];
      const terms =
        term === undefined
          ? ''
          : ` ${money(context, term.annualPrice)} per device per year, ${term.termYears}-year terms paid up front (first ${term.start} to ${term.end})`;
      return [
        `Plan: per device,${terms}.`,
        `Each term buys an allocation of devices; every monthly billing date checks the billable devices and bills those over the allocation for the rest of the term. Removing devices never lowers the allocation and is never refunded.`,
        byLead,
        storage,
      ];
    }
  }
}

/** "tallied 2026-03-07 23:00 EST, 48 h before the billing date's start (2026-03-10 00:00 EDT)". */
function talliedBeforeBillingDate(context: OrgContext, billingDate: CivilDate, tallyAt: Instant): string {
  const { timeZone, tallyLeadHours, startInstant } = context.facts;
  check(
    tallyInstant(billingDate, timeZone, tallyLeadHours, startInstant) === tallyAt,
    `the line's tally ${tallyAt} is not tallyInstant(${billingDate})`,
  );
  const tally = local(context, tallyAt);
  const lead = hours(tallyLeadHours);
  if (tallyInstant(billingDate, timeZone, tallyLeadHours, NO_FLOOR) !== tallyAt) {
    return `tallied ${tally.text}, the subscription's start (${lead} before the billing date's start would be earlier)`;
  }
  const dayStart = local(context, startOfDate(billingDate, timeZone));
  const clocks = dayStart.offset === tally.offset ? '' : '; the clocks changed in between';
  return `tallied ${tally.text}, ${lead} before the billing date's start (${dayStart.text}${clocks})`;
}

/** "the tally of 2026-02-15 (00:00 PST)". */
function perUserTally(context: OrgContext, tallyDate: CivilDate, tallyAt: Instant): string {
  check(
    startOfDate(tallyDate, context.facts.timeZone) === tallyAt,
    `${tallyAt} is not the start of ${tallyDate}`,
  );
  return `the tally of ${tallyDate} (${local(context, tallyAt).clock})`;
}

/** "7 billable = 6 active + 1 deactivated device whose archive is still in cold storage (hd-pc-3)". */
function whyBillable(counted: CountsExplanation): string {
  const { billableDevices, activeDevices } = counted.counts;
  check(counted.billableDevices.length === billableDevices, 'billable devices listed vs counted');
  const cold = counted.billableDevices.filter((device) => !device.active).map((device) => device.deviceId);
  check(activeDevices + cold.length === billableDevices, 'active + cold storage = billable');
  if (cold.length === 0) return `all${NO_BREAK}${activeDevices}${NO_BREAK}active`;
  const whose =
    cold.length === 1
      ? 'deactivated device whose archive is still in cold storage'
      : 'deactivated devices whose archives are still in cold storage';
  return `${billableDevices} billable = ${activeDevices} active + ${cold.length} ${whose} (${listIds(cold)})`;
}

/** "13 in use = 14 license holders − 1 user with a device but no backup yet (user-14)". */
function whyLicenses(counted: CountsExplanation): string {
  const { licensesInUse, licenseHolders } = counted.counts;
  check(counted.licenseHolders.length === licenseHolders, 'license holders listed vs counted');
  const noBackup = counted.licenseHolders.filter((user) => !user.licenseInUse).map((user) => user.userId);
  check(licenseHolders - noBackup.length === licensesInUse, 'holders − without a backup = in use');
  if (noBackup.length === 0) {
    return `each of the ${plural(licenseHolders, 'license holder', 'license holders')} has a backup`;
  }
  const without = `${plural(noBackup.length, 'user', 'users')} with a device but no backup yet`;
  return `${licensesInUse} in use = ${licenseHolders} license holders − ${without} (${listIds(noBackup)})`;
}

/** Why line `lineIndex` of `invoice` (scheduled as `entry`) has its quantity and amount. */
export function explainLine(
  context: OrgContext,
  invoice: Invoice,
  entry: ScheduledBilling,
  lineIndex: number,
): string {
  const line = invoice.lines[lineIndex];
  if (line === undefined) throw new Error(`demo: ${invoice.billingDate} has no line ${lineIndex}`);
  const explained = explainInvoiceLine(context.events, {
    orgId: context.facts.orgId,
    billingDate: invoice.billingDate,
    asKnownAt: context.asKnownAt,
    lineIndex,
    includeCounted: true,
  });
  if (explained._tag === 'Left') throw new Error(explained.left.message);
  const { counted, tallyAt, countedAtTally } = explained.right;
  check(tallyAt === line.tallyAt && counted === line.basis.counted, 'explainInvoiceLine vs the invoice');
  const q = line.quantity;
  const unit = money(context, line.unitAmount);
  const { startDate } = context.facts;

  if (entry.kind === 'installment') {
    const price = `× ${money(context, entry.term.annualPrice)}/year in ${INSTALLMENTS_PER_YEAR} installments (installment ${entry.installmentNumber}: ${unit})`;
    if (tallyAt === null || entry.tallyDate === null || countedAtTally === undefined) {
      const noTally =
        invoice.billingDate === startDate
          ? `the start date ${startDate} is not a tally date`
          : `no tally date from the start ${startDate} to ${invoice.billingDate}`;
      return `${plural(q, 'license', 'licenses')} ordered when subscribing, as ${noTally}; ${price}`;
    }
    check(counted === q, 'licenses in use = quantity');
    return `${plural(q, 'license', 'licenses')} in use at ${perUserTally(context, entry.tallyDate, tallyAt)}, ${price}; ${whyLicenses(countedAtTally)}`;
  }
  if (entry.kind === 'devices' && tallyAt !== null && countedAtTally !== undefined) {
    const when = talliedBeforeBillingDate(context, invoice.billingDate, tallyAt);
    if (line.kind === 'minimum') return `no billable device, ${when}: the minimum of 1 license is billed`;
    check(counted === q, 'billable devices = quantity');
    return `${plural(q, 'billable device', 'billable devices')}, ${when}; ${whyBillable(countedAtTally)}`;
  }
  if (entry.kind === 'term-start') {
    const paid = `paid up front for ${entry.term.start} to ${entry.term.end}`;
    if (tallyAt === null || countedAtTally === undefined) {
      const { billing } = context.facts;
      const ordered = billing.model === 'per-device-yearly' ? billing.devicesOrdered : 0;
      const atLeast = ordered === q ? '' : ', raised to the minimum of 1';
      return `allocation of ${q}: the ${plural(ordered, 'device', 'devices')} ordered when subscribing${atLeast} (a first term is not tallied); ${paid}`;
    }
    const when = talliedBeforeBillingDate(context, invoice.billingDate, tallyAt);
    return `allocation of ${q} (at least 1) from ${plural(counted ?? 0, 'billable device', 'billable devices')}, ${when}; ${whyBillable(countedAtTally)}; ${paid}`;
  }
  if (entry.kind === 'monthly-check' && tallyAt !== null && countedAtTally !== undefined) {
    const { allocationBefore, allocationAfter } = line.basis;
    const when = talliedBeforeBillingDate(context, invoice.billingDate, tallyAt);
    return `${counted} billable − allocation ${allocationBefore} = ${q} over, ${when}; ${whyBillable(countedAtTally)}; each is charged the ${unit} term price prorated from ${line.servicePeriod.start} to the term's end ${line.servicePeriod.end}, rounded ${context.facts.rounding}; the allocation is now ${allocationAfter}`;
  }
  throw new Error(`demo: no explanation for a ${line.kind} line on a ${entry.kind} date`);
}

/** Why an invoice has no lines. `allocation`: the latest allocation the lines shown set, if any. */
export function explainNoLines(
  context: OrgContext,
  entry: ScheduledBilling,
  allocation: number | undefined,
): string {
  if (entry.tallyAt === null) return 'nothing was counted for this date';
  if (entry.kind === 'installment' && entry.tallyDate !== null) {
    return `no license in use at ${perUserTally(context, entry.tallyDate, entry.tallyAt)}`;
  }
  const counted = explainCountsAt(context.events, entry.tallyAt, { asKnownAt: context.asKnownAt });
  const when = talliedBeforeBillingDate(context, entry.billingDate, entry.tallyAt);
  const within = allocation === undefined ? 'the allocation' : `the allocation of ${allocation}`;
  return `${plural(counted.counts.billableDevices, 'billable device', 'billable devices')}, ${when}; ${whyBillable(counted)}; that is within ${within}, so nothing is billed`;
}

/** What changed in the billed count since the previous tally: who started or stopped counting
 * ("+3 in use: user-11, user-12, user-13"), and devices that moved to cold storage. */
export function changesSince(
  context: OrgContext,
  previous: CountsExplanation,
  current: CountsExplanation,
): string | undefined {
  const parts: string[] = [];
  if (context.facts.billing.model === 'per-user') {
    const inUse = (e: CountsExplanation) =>
      e.licenseHolders.filter((user) => user.licenseInUse).map((user) => user.userId);
    const before = new Set(inUse(previous));
    const after = new Set(inUse(current));
    const added = [...after].filter((id) => !before.has(id));
    const removed = [...before].filter((id) => !after.has(id));
    if (added.length > 0) parts.push(`+${added.length} in use: ${listIds(added)}`);
    if (removed.length > 0) parts.push(`−${removed.length} in use: ${listIds(removed)}`);
    return parts.length === 0 ? undefined : parts.join('; ');
  }
  const before = new Map(previous.billableDevices.map((device) => [device.deviceId, device]));
  const after = new Map(current.billableDevices.map((device) => [device.deviceId, device]));
  const added = [...after.keys()].filter((id) => !before.has(id));
  if (added.length > 0) parts.push(`+${added.length} billable: ${listIds(added)}`);
  // A device that is no longer billable, by what it was at the last tally.
  for (const [active, was] of [
    [true, 'active'],
    [false, 'in cold storage'],
  ] as const) {
    const removed = [...before.values()]
      .filter((device) => device.active === active && !after.has(device.deviceId))
      .map((device) => device.deviceId);
    if (removed.length > 0) parts.push(`−${removed.length} billable: ${listIds(removed)} (${was} before)`);
  }
  const cold = [...after.values()]
    .filter((device) => !device.active && before.get(device.deviceId)?.active === true)
    .map((device) => device.deviceId);
  if (cold.length > 0) parts.push(`${listIds(cold)} deactivated, still billable while in cold storage`);
  return parts.length === 0 ? undefined : parts.join('; ');
}
