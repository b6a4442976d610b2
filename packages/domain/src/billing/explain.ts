// "Why this line?": the tally instant that decided a line's quantity, the rule applied with its
// numbers, and on request every device or user counted, each with the event that made it count.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { type CountsExplanation, explainCountsAt } from '../counting/index.js';
import type { CivilDate, Instant, InvoiceLineJson, TallyEvent } from '../events/types.js';
import { eventsOfOrg, invoiceAt } from './api.js';
import { type BillingError, billingError } from './errors.js';
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
