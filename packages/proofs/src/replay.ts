// An issued invoice, priced again by the domain from the org's events as known at the instant
// the ledger recorded it, and compared byte for byte (docs/cli.md, "tally verify"). The issuer's
// asKnownAt is the one field allowed to differ, and it may not be after recordedAt.
import {
  canonicalJson,
  type EntityTimeline,
  type InvoiceIssued,
  type IssuedInvoiceJson,
  instantToEpochMs,
  invoicesOfTimeline,
  recomposeIssuedInvoice,
  scheduleBillingDate,
  type TallyEvent,
  toInvoiceJson,
  upcastInvoiceV1,
} from '@tally/domain';

/** What a version-2 invoice is composed after: the org's serial code and its issued invoices. */
export interface IssuedContext {
  readonly serialCode: string;
  /** The org's InvoiceIssued data, in stream order (OrgState.issuedInvoices). */
  readonly issuedInvoices: readonly IssuedInvoiceJson[];
}

/** Undefined when `issued` is what the domain gives from `timeline` (the org's entity
 * timeline) and `billingEvents` (its BILLING_FACT_TYPES events, in stream order): a version-1
 * invoice as known at its recordedAt, a version-2 one (number, adjustments) as known at its
 * asKnownAt after the invoices issued before it; else the first field that differs,
 * `data.lines[0].quantity: issued 5, ...`. */
export function reproduceIssuedInvoice(
  issued: InvoiceIssued,
  timeline: EntityTimeline,
  billingEvents: readonly TallyEvent[],
  context?: IssuedContext,
): string | undefined {
  const { orgId, billingDate, asKnownAt } = issued.data;
  if (issued.schemaVersion === 2) return reproduceVersion2(issued, timeline, billingEvents, context);
  const replayedAt = issued.recordedAt;
  if (instantToEpochMs(asKnownAt) > instantToEpochMs(replayedAt)) {
    return `data.asKnownAt: ${asKnownAt} is after the invoice was recorded (${replayedAt})`;
  }
  // A refusal of the schedule blames the billing date; one of the facts or prices, the data.
  let unscheduled = false;
  const priced = invoicesOfTimeline(
    timeline,
    billingEvents,
    { orgId, asKnownAt: replayedAt, billingDate },
    (facts) => {
      const schedule = scheduleBillingDate(facts, billingDate);
      unscheduled = schedule._tag === 'Left';
      return schedule;
    },
  );
  if (priced._tag === 'Left') {
    return `${unscheduled ? 'data.billingDate' : 'data'}: not reproduced: ${priced.left.message}`;
  }
  const recomputed = priced.right[0];
  if (recomputed === undefined) return 'data: not reproduced: no invoice priced';
  const expected: IssuedInvoiceJson = upcastInvoiceV1({ ...toInvoiceJson(recomputed), asKnownAt });
  if (canonicalJson(expected) === canonicalJson(issued.data)) return undefined;
  return `data: not reproduced by a replay as known at ${replayedAt}: ${firstDifference(issued.data, expected, 'data')}`;
}

function reproduceVersion2(
  issued: InvoiceIssued,
  timeline: EntityTimeline,
  billingEvents: readonly TallyEvent[],
  context: IssuedContext | undefined,
): string | undefined {
  const { asKnownAt } = issued.data;
  if (instantToEpochMs(asKnownAt) > instantToEpochMs(issued.recordedAt)) {
    return `data.asKnownAt: ${asKnownAt} is after the invoice was recorded (${issued.recordedAt})`;
  }
  if (context === undefined)
    return 'data: not reproduced: a version-2 invoice needs the invoices issued before it';
  const expected = recomposeIssuedInvoice(timeline, billingEvents, context, issued.data);
  if (expected._tag === 'Left') return `data: not reproduced: ${expected.left.message}`;
  if (canonicalJson(expected.right) === canonicalJson(issued.data)) return undefined;
  return `data: not reproduced by a replay as known at ${asKnownAt}: ${firstDifference(issued.data, expected.right, 'data')}`;
}

/** `data.lines[0].quantity: issued 12, replay gives 13`. */
function firstDifference(issued: unknown, replayed: unknown, path: string): string {
  if (Array.isArray(issued) && Array.isArray(replayed)) {
    if (issued.length !== replayed.length) {
      return `${path}: issued ${issued.length} entries, replay gives ${replayed.length}`;
    }
    for (let i = 0; i < issued.length; i++) {
      if (JSON.stringify(issued[i]) !== JSON.stringify(replayed[i])) {
        return firstDifference(issued[i], replayed[i], `${path}[${i}]`);
      }
    }
  } else if (isObject(issued) && isObject(replayed)) {
    for (const key of new Set([...Object.keys(replayed), ...Object.keys(issued)])) {
      if (JSON.stringify(issued[key]) !== JSON.stringify(replayed[key])) {
        return firstDifference(issued[key], replayed[key], `${path}.${key}`);
      }
    }
  }
  return `${path}: issued ${JSON.stringify(issued)}, replay gives ${JSON.stringify(replayed)}`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
