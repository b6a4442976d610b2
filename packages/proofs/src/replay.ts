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
  scheduleBillingDate,
  type TallyEvent,
  toInvoiceJson,
  upcastInvoiceV1,
} from '@tally/domain';

/** Undefined when `issued` is what the domain gives from `timeline` (the org's entity
 * timeline) and `billingEvents` (its BILLING_FACT_TYPES events, in stream order) as known at
 * its recordedAt; else the first field that differs, `data.lines[0].quantity: issued 5, ...`. */
export function reproduceIssuedInvoice(
  issued: InvoiceIssued,
  timeline: EntityTimeline,
  billingEvents: readonly TallyEvent[],
): string | undefined {
  const { orgId, billingDate, asKnownAt } = issued.data;
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
