// The data behind the auditor's HTML report: plain JSON values (no bigint, no Date) so that the
// same events always give the same report, and a caller can also print or store it as JSON.
import type { CivilDate, DecimalString, Instant, InvoiceJson, IssuedInvoiceJson } from '@tally/domain';

export interface ReportOptions {
  readonly orgId: string;
  /** Inclusive civil dates in the org's time zone: the invoices billed on these dates. */
  readonly from: CivilDate;
  readonly to: CivilDate;
  /** Events recorded after this instant are ignored; printed on the report. */
  readonly asKnownAt: Instant;
}

/** The counts after every change inside the chart window; the first point is at `window.start`
 * and each value holds until the next point (or `window.end`). */
export interface SeriesPoint {
  readonly at: Instant;
  readonly billableDevices: number;
  readonly licensesInUse: number;
}

/** Per-device yearly: the allocation from `at` on; null where no term covers the time (before the
 * subscription, after a term that was not renewed). */
export interface AllocationStep {
  readonly at: Instant;
  readonly allocation: number | null;
}

/** Which count a tally reads: licenses in use (per-user) or billable devices (per-device). */
export type CountedSeries = 'licensesInUse' | 'billableDevices';

/** One instant at which counts were taken for one or more billing dates of the period. */
export interface TallyMark {
  readonly at: Instant;
  readonly billingDates: readonly CivilDate[];
  readonly counted: CountedSeries;
  readonly billableDevices: number;
  readonly licensesInUse: number;
}

export interface BillingMark {
  readonly date: CivilDate;
  /** The start of the date in the org's zone: where the chart draws it. */
  readonly at: Instant;
  readonly total: DecimalString;
}

export interface PlanSummary {
  readonly model: 'per-user' | 'per-device-monthly' | 'per-device-yearly';
  /** One line, e.g. "Per-device, yearly: 1-year terms, paid up front". */
  readonly label: string;
  /** The prices and terms in words, one fact per line. */
  readonly details: readonly string[];
}

export interface ReportData {
  readonly orgId: string;
  /** `OrganizationRegistered.name`: untrusted text, escape it. */
  readonly orgName: string;
  readonly timeZone: string;
  readonly currency: string;
  readonly plan: PlanSummary;
  readonly period: { readonly from: CivilDate; readonly to: CivilDate };
  readonly asKnownAt: Instant;
  /** The chart's time axis: from the start of `from` (or the earliest tally of the period's
   * invoices, when it comes before) to the start of the day after `to`. */
  readonly window: { readonly start: Instant; readonly periodStart: Instant; readonly end: Instant };
  readonly series: readonly SeriesPoint[];
  /** Null unless the plan is per-device yearly. */
  readonly allocation: readonly AllocationStep[] | null;
  readonly tallies: readonly TallyMark[];
  readonly billingDates: readonly BillingMark[];
  readonly invoices: readonly InvoiceJson[];
  /** The invoices issued (InvoiceIssued known at asKnownAt) for the period's billing dates, and
   * those issued in it that correct earlier dates: their numbers, documents and adjustments. */
  readonly issued: readonly IssuedInvoiceJson[];
  readonly grandTotal: DecimalString;
}
