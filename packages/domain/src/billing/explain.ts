// "Why this line?": the tally instant that decided a line's quantity, the rule applied with its
// numbers, and on request every device or user counted, each with the event that made it count.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { type CountsExplanation, explainCountsAt } from '../counting/index.js';
import { isEntityEvent } from '../entities/timeline.js';
import type {
  AdjustmentLineJson,
  CivilDate,
  Instant,
  InvoiceIssued,
  InvoiceLineJson,
  TallyEvent,
} from '../events/types.js';
import { instantToEpochMs } from '../time/instant.js';
import { eventsOfOrg, invoiceAt } from './api.js';
import { type BillingError, billingError } from './errors.js';
import { BILLING_FACT_TYPES } from './facts.js';
import { toInvoiceJson } from './invoice.js';

export interface ExplainLineOptions {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  readonly asKnownAt: Instant;
  readonly lineIndex: number;
  /** Also list the devices or users counted at the tally instant (one more pass over the events). */
  readonly includeCounted?: boolean;
}

export interface InvoiceLineExplanation {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  readonly lineIndex: number;
  readonly line: InvoiceLineJson;
  /** The instant whose counts decided the quantity; null when none did (initialLicenses,
   * devices ordered for a first term). */
  readonly tallyAt: Instant | null;
  readonly rule: string;
  /** The count read at `tallyAt` (licenses in use or billable devices). */
  readonly counted: number | null;
  /** With `includeCounted` and a tally: who was counted and the event that made each count. */
  readonly countedAtTally?: CountsExplanation;
}

/** Explains one line of the invoice of `billingDate`. Reads the events once, or twice with
 * `includeCounted` (the counted entities need their eventIds): pass an array then. */
export function explainInvoiceLine(
  events: Iterable<TallyEvent>,
  options: ExplainLineOptions,
): Either<BillingError, InvoiceLineExplanation> {
  const invoice = invoiceAt(events, options);
  if (invoice._tag === 'Left') return invoice;
  const { lineIndex } = options;
  const line = invoice.right.lines[lineIndex];
  if (line === undefined) {
    return left(
      billingError(
        'NoSuchLine',
        `the invoice of org "${options.orgId}" for ${options.billingDate} has ${invoice.right.lines.length} line(s); there is no line ${lineIndex}`,
      ),
    );
  }
  const explanation: InvoiceLineExplanation = {
    orgId: options.orgId,
    billingDate: options.billingDate,
    lineIndex,
    line: toInvoiceJson(invoice.right).lines[lineIndex] as InvoiceLineJson,
    tallyAt: line.tallyAt,
    rule: line.basis.rule,
    counted: line.basis.counted,
  };
  if (options.includeCounted !== true || line.tallyAt === null) return right(explanation);
  return right({
    ...explanation,
    countedAtTally: explainCountsAt(eventsOfOrg(events, options.orgId), line.tallyAt, {
      asKnownAt: options.asKnownAt,
    }),
  });
}

export interface ExplainAdjustmentOptions {
  readonly orgId: string;
  /** The issued invoice that carries the adjustment. */
  readonly invoiceNumber: string;
  readonly lineIndex: number;
}

/** An event that was recorded late: after the corrected date was last billed, by the invoice that
 * corrects it. */
export interface LateEvent {
  /** Its 0-based position in the events given: the revision in an org's stream, or the line
   * less one in a file. */
  readonly index: number;
  readonly eventId: string;
  readonly type: TallyEvent['type'];
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
}

export interface AdjustmentExplanation {
  readonly orgId: string;
  readonly invoiceNumber: string;
  readonly lineIndex: number;
  readonly line: AdjustmentLineJson;
  /** The corrected date was last billed as known at this instant (its invoice, or the latest
   * invoice issued before this one); the adjusting invoice is computed as known at `asKnownAt`. */
  readonly lastBilledAsKnownAt: Instant;
  readonly asKnownAt: Instant;
  /** The events recorded between the two that can change the corrected line: billing facts, and
   * device, archive and user events dated at or before the line's tally instant. */
  readonly lateEvents: readonly LateEvent[];
}

/** "Why this adjustment?" (docs/billing.md#explaining-an-adjustment): the late events behind an
 * adjustment line of an issued invoice, read from the org's log (one pass; other orgs' events
 * pass by). */
export function explainAdjustment(
  events: Iterable<TallyEvent>,
  options: ExplainAdjustmentOptions,
): Either<BillingError, AdjustmentExplanation> {
  const { orgId, invoiceNumber, lineIndex } = options;
  const log: { index: number; event: TallyEvent }[] = [];
  let index = 0;
  for (const event of events) {
    if (event.orgId === orgId) log.push({ index, event });
    index += 1;
  }
  const at = log.findIndex(
    ({ event }) => event.type === 'InvoiceIssued' && event.data.number === invoiceNumber,
  );
  if (at < 0) {
    return left(billingError('NoSuchLine', `org "${orgId}" has no issued invoice numbered ${invoiceNumber}`));
  }
  const issued = (log[at] as { event: InvoiceIssued }).event;
  const line = issued.data.lines[lineIndex];
  if (line?.kind !== 'adjustment') {
    return left(
      billingError(
        'NoSuchLine',
        `line ${lineIndex} of ${invoiceNumber} is ${line === undefined ? 'not there' : `a ${line.kind} line`}, not an adjustment`,
      ),
    );
  }
  const date = line.corrects.billingDate;
  // After the corrected date's own invoice, every invoice issued brought it up to date.
  let lastBilled: Instant | undefined;
  for (const { event } of log.slice(0, at)) {
    if (event.type !== 'InvoiceIssued') continue;
    if (event.data.billingDate === date || lastBilled !== undefined) lastBilled = event.data.asKnownAt;
  }
  const since = lastBilled ?? issued.data.asKnownAt;
  const until = issued.data.asKnownAt;
  const [sinceMs, untilMs] = [instantToEpochMs(since), instantToEpochMs(until)];
  const tallyMs = instantToEpochMs(line.tallyAt ?? until);
  const lateEvents: LateEvent[] = [];
  for (const { index: position, event } of log) {
    const recordedMs = instantToEpochMs(event.recordedAt);
    if (event.type === 'InvoiceIssued' || recordedMs <= sinceMs || recordedMs > untilMs) continue;
    const relevant =
      BILLING_FACT_TYPES.has(event.type) ||
      (isEntityEvent(event) && instantToEpochMs(event.occurredAt) <= tallyMs);
    if (!relevant) continue;
    const { eventId, type, occurredAt, recordedAt } = event;
    lateEvents.push({ index: position, eventId, type, occurredAt, recordedAt });
  }
  return right({
    orgId,
    invoiceNumber,
    lineIndex,
    line,
    lastBilledAsKnownAt: since,
    asKnownAt: until,
    lateEvents,
  });
}
