// From counts to invoice lines (docs/billing.md, its plan sections). Each amount is an exact fraction rounded
// once with the org's rounding; per-device yearly carries the allocation from check to check.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { daysBetween } from '../calendar/index.js';
import { type Counts, countsByInstant } from '../counting/index.js';
import { formatMoney, INSTALLMENTS_PER_YEAR, installment, mulDivRound } from '../money/index.js';
import { type BillingError, billingError } from './errors.js';
import type { BillingFacts, Term } from './facts.js';
import { type Invoice, type InvoiceLine, makeInvoice } from './invoice.js';
import type { BillingSchedule, ScheduledBilling } from './schedule.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Prices every in-range entry of the schedule. `counts[i]` must be the counts at
 * `schedule.tallyInstants[i]` (the order `countsAt` returns them in). */
export function priceInvoices(
  facts: BillingFacts,
  schedule: BillingSchedule,
  counts: readonly Counts[],
): Either<BillingError, Invoice[]> {
  if (counts.length !== schedule.tallyInstants.length) {
    return left(
      billingError(
        'InvalidArgument',
        `priceInvoices needs one Counts per tally instant: got ${counts.length} for ${schedule.tallyInstants.length}`,
      ),
    );
  }
  // The schedule built tallyInstants from its own entries, so a miss is a programming error.
  const countsAt = countsByInstant(schedule.tallyInstants, counts, 'priceInvoices');

  const money = (minor: bigint) => formatMoney(minor, facts.currency);
  const invoices: Invoice[] = [];
  // Per-device yearly: the allocation of the term being walked.
  let allocation = 0;
  for (const entry of schedule.entries) {
    const lines: InvoiceLine[] = [];
    switch (entry.kind) {
      case 'installment':
        pushInstallment(lines, facts, entry, entry.tallyAt === null ? null : countsAt(entry.tallyAt), money);
        break;
      case 'devices':
        pushDevices(lines, facts, entry, countsAt(entry.tallyAt), money);
        break;
      case 'term-start': {
        const line = termLine(facts, entry, entry.tallyAt === null ? null : countsAt(entry.tallyAt), money);
        allocation = line.quantity;
        lines.push(line);
        break;
      }
      case 'monthly-check': {
        const line = overageLine(facts, entry, allocation, countsAt(entry.tallyAt), money);
        if (line !== null) {
          allocation += line.quantity;
          lines.push(line);
        }
        break;
      }
    }
    if (entry.inRange) {
      invoices.push(
        makeInvoice(
          {
            orgId: facts.orgId,
            billingDate: entry.billingDate,
            currency: facts.currency,
            asKnownAt: facts.asKnownAt,
          },
          lines,
        ),
      );
    }
  }
  return right(invoices);
}

type Money = (minor: bigint) => string;
type Entry<K extends ScheduledBilling['kind']> = Extract<ScheduledBilling, { kind: K }>;

function pushInstallment(
  lines: InvoiceLine[],
  facts: BillingFacts,
  entry: Entry<'installment'>,
  counts: Counts | null,
  money: Money,
): void {
  if (facts.billing.model !== 'per-user') return;
  const quantity = counts === null ? facts.billing.initialLicenses : counts.licensesInUse;
  if (quantity === 0) return;
  const k = entry.installmentNumber;
  const unit = installment(entry.term.annualPrice, k, facts.rounding);
  lines.push({
    kind: 'installment',
    description: `${plural(quantity, 'license', 'licenses')} × installment ${k} of ${INSTALLMENTS_PER_YEAR} (${money(unit)})`,
    quantity,
    unitAmount: unit,
    amount: BigInt(quantity) * unit,
    servicePeriod: { start: entry.billingDate, end: entry.nextBillingDate },
    tallyAt: entry.tallyAt,
    basis: {
      rule:
        counts === null
          ? `per-user: no tally date between the start ${facts.startDate} and ${entry.billingDate}, so initialLicenses ${quantity} from SubscriptionStarted; installment ${k} of ${INSTALLMENTS_PER_YEAR} of ${money(entry.term.annualPrice)} per license per year`
          : `per-user: licenses in use at the latest tally date ${entry.tallyDate} (start ${entry.tallyAt}) on or before ${entry.billingDate}; installment ${k} of ${INSTALLMENTS_PER_YEAR} of ${money(entry.term.annualPrice)} per license per year`,
      counted: counts === null ? null : counts.licensesInUse,
    },
  });
}

function pushDevices(
  lines: InvoiceLine[],
  facts: BillingFacts,
  entry: Entry<'devices'>,
  counts: Counts,
  money: Money,
): void {
  if (facts.billing.model !== 'per-device-monthly') return;
  const price = facts.billing.monthlyPrice;
  const billable = counts.billableDevices;
  const tallyRule = `billable devices at ${entry.tallyAt} (start of ${entry.billingDate} − ${facts.tallyLeadHours}h, not before ${facts.startInstant})`;
  const common = {
    unitAmount: price,
    servicePeriod: { start: entry.billingDate, end: entry.nextBillingDate },
    tallyAt: entry.tallyAt,
  };
  if (billable === 0) {
    lines.push({
      ...common,
      kind: 'minimum',
      description: `minimum 1 license × ${money(price)}`,
      quantity: 1,
      amount: price,
      basis: { rule: `per-device monthly: ${tallyRule} = 0, so the minimum of one license`, counted: 0 },
    });
    return;
  }
  lines.push({
    ...common,
    kind: 'devices',
    description: `${plural(billable, 'device', 'devices')} × ${money(price)}`,
    quantity: billable,
    amount: BigInt(billable) * price,
    basis: { rule: `per-device monthly: ${tallyRule} = ${billable}`, counted: billable },
  });
}

const termPrice = (term: Term) => term.annualPrice * BigInt(term.termYears);

function termLine(
  facts: BillingFacts,
  entry: Entry<'term-start'>,
  counts: Counts | null,
  money: Money,
): InvoiceLine {
  const { term } = entry;
  const ordered = facts.billing.model === 'per-device-yearly' ? facts.billing.devicesOrdered : 0;
  const counted = counts === null ? null : counts.billableDevices;
  const allocation = Math.max(1, counted ?? ordered);
  const unit = termPrice(term);
  const years =
    term.termYears === 1
      ? 'a 1-year term'
      : `a ${term.termYears}-year term (${money(term.annualPrice)} per year)`;
  return {
    kind: 'term',
    description: `${plural(allocation, 'device', 'devices')} × ${money(unit)} for ${years}`,
    quantity: allocation,
    unitAmount: unit,
    amount: BigInt(allocation) * unit,
    servicePeriod: { start: term.start, end: term.end },
    tallyAt: entry.tallyAt,
    basis: {
      rule:
        counted === null
          ? `per-device yearly, first term ${term.start} to ${term.end}: allocation = max(1, devices ordered ${ordered}) = ${allocation}, paid up front`
          : `per-device yearly, term ${term.start} to ${term.end} renewed by ${term.renewedBy}: allocation = max(1, billable devices ${counted} at ${entry.tallyAt}) = ${allocation}, paid up front`,
      counted,
      allocationBefore: 0,
      allocationAfter: allocation,
    },
  };
}

function overageLine(
  facts: BillingFacts,
  entry: Entry<'monthly-check'>,
  allocation: number,
  counts: Counts,
  money: Money,
): InvoiceLine | null {
  const overage = counts.billableDevices - allocation;
  if (overage <= 0) return null;
  const { term } = entry;
  const unit = termPrice(term);
  const daysLeft = daysBetween(entry.billingDate, term.end);
  const termDays = daysBetween(term.start, term.end);
  const amount = mulDivRound(BigInt(overage) * unit, BigInt(daysLeft), BigInt(termDays), facts.rounding);
  return {
    kind: 'overage',
    description: `${plural(overage, 'device', 'devices')} over allocation of ${allocation}, ${money(unit)} each prorated ${daysLeft}/${termDays} days`,
    quantity: overage,
    unitAmount: unit,
    amount,
    servicePeriod: { start: entry.billingDate, end: term.end },
    tallyAt: entry.tallyAt,
    basis: {
      rule: `per-device yearly monthly check: billable devices ${counts.billableDevices} at ${entry.tallyAt} − allocation ${allocation} = ${overage} over; amount = round(${overage} × ${money(unit)} × ${daysLeft} / ${termDays}) (${facts.rounding}); allocation becomes ${allocation + overage}`,
      counted: counts.billableDevices,
      allocationBefore: allocation,
      allocationAfter: allocation + overage,
    },
  };
}
