// Reusable properties of a Tally ledger, each a function returning a fast-check property to run
// with `fc.assert(property, { numRuns })`. Each takes the implementation under test as an option
// (defaulting to @tally/domain's), so a user can hold their own code, a wrapper or a port of it to
// the same rule; a failing run names the rule, the numbers and the shrunk history.
import { isDeepStrictEqual } from 'node:util';
import {
  decodeEventLine,
  epochMsToInstant,
  foldOrgEvents,
  type Invoice,
  type InvoicesBetweenOptions,
  initialOrgState,
  installment,
  instantToEpochMs,
  invoicesBetween,
  type OrgState,
  type Rounding,
  serializeEvent,
  serializeInvoice,
  type TallyEvent,
} from '@tally/domain';
import fc from 'fast-check';
import { arbEventLog, type EventLogOptions, type GeneratedEventLog } from '../arbitraries/event-log.js';
import { canonicalJson as canonicalJsonOfParsed } from './canonical-json.js';
import { type ChainVerdict, exportChainLines, verifyChainLines } from './export-chain.js';

/** Invoices of a log between two dates; throws when the log cannot be billed. */
export type InvoicesFn = (
  events: readonly TallyEvent[],
  options: InvoicesBetweenOptions,
) => readonly Invoice[];

/** @tally/domain's invoicesBetween, throwing its BillingError message on Left. */
export const domainInvoices: InvoicesFn = (events, options) => {
  const result = invoicesBetween(events, options);
  if (result._tag === 'Left') throw new Error(`${result.left.code}: ${result.left.message}`);
  return result.right;
};

/** Far enough ahead that every generated event is known. */
const KNOWN_EVERYTHING = '2100-01-01T00:00:00Z';

const rangeOf = (log: GeneratedEventLog, asKnownAt: string): InvoicesBetweenOptions => ({
  orgId: log.orgId,
  from: log.startDate,
  to: log.endDate,
  asKnownAt,
});

/** An invoice run's bytes, or its error message: either is "the answer" to compare. */
function answerOf(invoices: InvoicesFn, events: readonly TallyEvent[], options: InvoicesBetweenOptions) {
  try {
    return { invoices: invoices(events, options).map(serializeInvoice) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function fail(message: string, details: unknown): never {
  throw new Error(
    `${message}\n${JSON.stringify(details, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v), 2)}`,
  );
}

export interface InstallmentsSumOptions {
  /** The installment rule under test: installment k (1..12) of annual amount P in minor units. */
  readonly installment?: (annualMinor: bigint, k: number, rounding: Rounding) => bigint;
  /** Largest annual amount tried, in minor units; default 10^15. */
  readonly maxAnnual?: bigint;
}

/** 12 installments sum to P exactly, each is floor or ceil of P/12 (docs/money-and-time.md#installments). */
export function installmentsSumProperty(options: InstallmentsSumOptions = {}) {
  const rule = options.installment ?? installment;
  return fc.property(
    fc.bigInt({ min: 0n, max: options.maxAnnual ?? 10n ** 15n }),
    fc.constantFrom<Rounding>('half-up', 'half-even'),
    (annual, rounding) => {
      const amounts = Array.from({ length: 12 }, (_, i) => rule(annual, i + 1, rounding));
      const sum = amounts.reduce((total, amount) => total + amount, 0n);
      if (sum !== annual) fail(`the 12 installments of ${annual} sum to ${sum}`, { rounding, amounts });
      const floor = annual / 12n;
      const ceil = annual % 12n === 0n ? floor : floor + 1n;
      const off = amounts.findIndex((amount) => amount !== floor && amount !== ceil);
      if (off >= 0)
        fail(`installment ${off + 1} of ${annual} is neither ${floor} nor ${ceil}`, { rounding, amounts });
    },
  );
}

export interface LogPropertyOptions {
  /** Options of the generated logs (the property may fix the licensing). */
  readonly log?: EventLogOptions;
  readonly invoices?: InvoicesFn;
}

/** docs/billing.md#per-device-yearly: an overage line never costs more than the full term price of its devices
 * (amount <= quantity × unit amount, the unit being the term price per device), and never < 0. */
export function overageNeverAboveTermPriceProperty(options: LogPropertyOptions = {}) {
  const invoices = options.invoices ?? domainInvoices;
  return fc.property(arbEventLog({ ...options.log, licensing: 'per-device-yearly' }), (log) => {
    for (const invoice of invoices(log.events, rangeOf(log, KNOWN_EVERYTHING))) {
      for (const line of invoice.lines) {
        if (line.kind !== 'overage') continue;
        const full = BigInt(line.quantity) * line.unitAmount;
        if (line.amount > full || line.amount < 0n) {
          fail(
            `overage on ${invoice.billingDate}: ${line.amount} is outside 0..${full} (full term price)`,
            line,
          );
        }
      }
    }
  });
}

export interface FoldSplitOptions {
  readonly log?: EventLogOptions;
  /** The fold under test: a new state from `state` and a batch of events. */
  readonly fold?: (state: OrgState, events: readonly TallyEvent[]) => OrgState;
}

/** Folding a log in two batches gives the state of folding it in one, wherever it is split:
 * fold(fold(s0, a), b) = fold(s0, a ++ b). */
export function foldSplitAssociativityProperty(options: FoldSplitOptions = {}) {
  const fold = options.fold ?? foldOrgEvents;
  return fc.property(arbEventLog(options.log), fc.nat(), (log, cut) => {
    const at = cut % (log.events.length + 1);
    const a = log.events.slice(0, at);
    const b = log.events.slice(at);
    const whole = fold(initialOrgState(), log.events);
    const split = fold(fold(initialOrgState(), a), b);
    if (!isDeepStrictEqual(split, whole)) {
      fail(`folding in two batches split at ${at} of ${log.events.length} differs from one batch`, {
        split: { version: split.version, counts: countsOfState(split) },
        whole: { version: whole.version, counts: countsOfState(whole) },
      });
    }
  });
}

const countsOfState = (state: OrgState) => {
  const { activeDevices, billableDevices, licensesInUse, licenseHolders } = state.entities;
  return { activeDevices, billableDevices, licensesInUse, licenseHolders };
};

/** The same events give the same invoice bytes: run twice, and from the events' wire form
 * (serialized and decoded again, as any store would hand them back). */
export function invoiceDeterminismProperty(options: LogPropertyOptions = {}) {
  const invoices = options.invoices ?? domainInvoices;
  return fc.property(arbEventLog(options.log), (log) => {
    const range = rangeOf(log, KNOWN_EVERYTHING);
    const first = answerOf(invoices, log.events, range);
    const again = answerOf(invoices, log.events, range);
    const fromWire = log.events.map((event) => {
      const decoded = decodeEventLine(serializeEvent(event), { currency: log.currency });
      if (decoded._tag === 'Left')
        fail(`event ${event.eventId} does not survive its wire form`, decoded.left);
      return decoded.right;
    });
    const reloaded = answerOf(invoices, fromWire, range);
    if (!isDeepStrictEqual(again, first))
      fail('the same events gave different invoices on a second run', { first, again });
    if (!isDeepStrictEqual(reloaded, first))
      fail('the events read back from JSON gave different invoices', { first, reloaded });
  });
}

/** As known at k is reproducible: invoices computed as known at k from the whole log equal those
 * computed from only the events recorded by k (what a ledger held at k). k is taken around the
 * events' recordedAt instants, where the answer changes. */
export function asKnownAtReproductionProperty(options: LogPropertyOptions = {}) {
  const invoices = options.invoices ?? domainInvoices;
  return fc.property(arbEventLog(options.log), fc.nat(), fc.constantFrom(-1, 0, 1), (log, pick, offsetMs) => {
    const anchor = log.events[pick % log.events.length] as TallyEvent;
    const k = epochMsToInstant(instantToEpochMs(anchor.recordedAt) + offsetMs);
    const kMs = instantToEpochMs(k);
    const known = log.events.filter((event) => instantToEpochMs(event.recordedAt) <= kMs);
    const later = answerOf(invoices, log.events, rangeOf(log, k));
    const then = answerOf(invoices, known, rangeOf(log, k));
    if (!isDeepStrictEqual(later, then)) {
      fail(
        `as known at ${k}: the whole log (${log.events.length} events) and the ${known.length} events known then disagree`,
        {
          fromWholeLog: later,
          fromKnownEvents: then,
        },
      );
    }
  });
}

export interface ExportChainOptions {
  readonly log?: EventLogOptions;
  /** The export under test: one sealed line per event; default `exportChainLines`. */
  readonly exportLines?: (events: readonly TallyEvent[]) => readonly string[];
  /** The verifier under test; default `verifyChainLines`. */
  readonly verify?: (lines: readonly string[]) => ChainVerdict;
}

type Tampering =
  | { readonly kind: 'edit'; readonly line: number; readonly field: 'eventId' | 'occurredAt' | 'data' }
  | { readonly kind: 'drop'; readonly line: number }
  | { readonly kind: 'swap'; readonly line: number; readonly with: number }
  | { readonly kind: 'duplicate'; readonly line: number };

/** Applies a tampering; returns the lines and the 1-based first line that must fail. */
function tamper(lines: readonly string[], t: Tampering): { lines: string[]; firstBad: number } | undefined {
  const copy = [...lines];
  switch (t.kind) {
    case 'edit': {
      const json = JSON.parse(copy[t.line] as string) as Record<string, unknown>;
      if (t.field === 'data') json.data = { ...(json.data as object), tampered: true };
      else if (t.field === 'eventId') json.eventId = `${String(json.eventId)}-x`;
      else json.occurredAt = epochMsToInstant(instantToEpochMs(String(json.occurredAt)) + 1000);
      // A careful forger keeps the line canonical: only the chain can catch the change.
      copy[t.line] = canonicalJsonOfParsed(json);
      return { lines: copy, firstBad: t.line + 1 };
    }
    case 'drop':
      // Dropping the last line leaves a shorter valid chain: a chain alone cannot see it.
      if (t.line === copy.length - 1) return undefined;
      copy.splice(t.line, 1);
      return { lines: copy, firstBad: t.line + 1 };
    case 'swap': {
      if (t.line === t.with) return undefined;
      const [i, j] = t.line < t.with ? [t.line, t.with] : [t.with, t.line];
      [copy[i], copy[j]] = [copy[j] as string, copy[i] as string];
      return { lines: copy, firstBad: i + 1 };
    }
    case 'duplicate':
      copy.splice(t.line + 1, 0, copy[t.line] as string);
      return { lines: copy, firstBad: t.line + 2 };
  }
}

/** The export chain detects any change: the untouched export verifies, and editing, dropping
 * (but the last), swapping or duplicating a line fails verification AT the first changed line. */
export function exportVerifyDetectsChangeProperty(options: ExportChainOptions = {}) {
  const exportLines = options.exportLines ?? exportChainLines;
  const verify = options.verify ?? verifyChainLines;
  const tampering = fc.record({
    kind: fc.constantFrom('edit', 'drop', 'swap', 'duplicate'),
    line: fc.nat(),
    with: fc.nat(),
    field: fc.constantFrom('eventId', 'occurredAt', 'data'),
  });
  return fc.property(arbEventLog(options.log), tampering, (log, raw) => {
    const lines = exportLines(log.events);
    if (lines.length !== log.events.length)
      fail(`${log.events.length} events exported as ${lines.length} lines`, lines);
    const intact = verify(lines);
    if (!intact.ok) fail('the untouched export does not verify', intact);
    const n = lines.length;
    const t = { ...raw, line: raw.line % n, with: raw.with % n } as Tampering;
    const tampered = tamper(lines, t);
    if (tampered === undefined) return;
    const verdict = verify(tampered.lines);
    if (verdict.ok) fail(`a ${t.kind} of line ${t.line + 1} went unnoticed`, t);
    if (verdict.line !== tampered.firstBad) {
      fail(
        `a ${t.kind} of line ${t.line + 1} was reported at line ${verdict.line}, not ${tampered.firstBad}`,
        verdict,
      );
    }
  });
}
