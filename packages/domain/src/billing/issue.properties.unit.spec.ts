// The four properties of issuing (docs/billing.md#corrections), over generated histories with
// late and backdated events: invoices issued by billing runs along the history, each run seeing
// the events recorded by its instant, as a ledger would.
import { fc, test } from '@fast-check/vitest';
import { arbEventLog, type GeneratedEventLog } from '@tally/testing';
import { Temporal } from 'temporal-polyfill';
import { describe, expect } from 'vitest';
import { monthlyDates } from '../calendar/anchored.js';
import { startOfDate } from '../calendar/zoned.js';
import { decide } from '../decide/decide.js';
import { applyOrgEvent, initialOrgState, type OrgState } from '../decide/org-state.js';
import type { Instant, InvoiceIssued, IssuedInvoiceJson, TallyEvent } from '../events/types.js';
import { parseMoney } from '../money/index.js';
import { epochMsToInstant, instantToEpochMs } from '../time/instant.js';
import { invoiceAt } from './api.js';
import { DEFAULT_CORRECTION_WINDOW_MONTHS, recomposeIssuedInvoice } from './issue.js';

interface Simulation {
  /** The log with the issued invoices where they were appended. */
  readonly stream: TallyEvent[];
  readonly invoices: InvoiceIssued[];
  readonly state: OrgState;
  /** Whether a second run at the same instant issued nothing, every time. */
  readonly idempotent: boolean;
}

/** Billing runs at `runs` (ascending) over the log: before each, the events recorded by then. */
function simulate(log: GeneratedEventLog, runs: readonly Instant[]): Simulation {
  const state = initialOrgState();
  const stream: TallyEvent[] = [];
  const invoices: InvoiceIssued[] = [];
  let next = 0;
  let idempotent = true;
  const run = (at: Instant) => {
    const decision = decide({ type: 'IssueDueInvoices', orgId: log.orgId, at, data: {} }, state);
    if (decision._tag === 'Left') throw new Error(decision.left.message);
    return decision.right;
  };
  for (const at of runs) {
    while (
      next < log.events.length &&
      instantToEpochMs((log.events[next] as TallyEvent).recordedAt) <= instantToEpochMs(at)
    ) {
      const event = log.events[next++] as TallyEvent;
      applyOrgEvent(state, event);
      stream.push(event);
    }
    for (const pending of run(at)) {
      const event = { ...pending, eventId: `inv-${invoices.length + 1}`, recordedAt: at } as InvoiceIssued;
      applyOrgEvent(state, event);
      stream.push(event);
      invoices.push(event);
    }
    if (run(at).length > 0) idempotent = false;
  }
  for (; next < log.events.length; next++) {
    applyOrgEvent(state, log.events[next] as TallyEvent);
    stream.push(log.events[next] as TallyEvent);
  }
  return { stream, invoices, state, idempotent };
}

/** A run some hours after the start of every billing date of the log, and a last one after it. */
const arbRuns = (log: GeneratedEventLog) =>
  fc.array(fc.integer({ min: 0, max: 24 * 20 }), { minLength: 1, maxLength: 20 }).map((offsets) => {
    const dates = monthlyDates(log.startDate, log.startDate, log.endDate);
    const runs = dates.map((date, i) =>
      epochMsToInstant(
        instantToEpochMs(startOfDate(date, log.timeZone)) + (offsets[i % offsets.length] ?? 0) * 3_600_000,
      ),
    );
    return runs.sort((a, b) => instantToEpochMs(a) - instantToEpochMs(b));
  });

const arbHistory = (options: Parameters<typeof arbEventLog>[0] = {}) =>
  arbEventLog({ maxEvents: 30, months: 8, ...options }).chain((log) =>
    fc.tuple(fc.constant(log), arbRuns(log)),
  );

const keyOf = (kind: string, period: { start: string; end: string }) =>
  `${kind} ${period.start} ${period.end}`;

/** What was billed for `date` by the invoices given, quantity and minor units by line key. */
function billedFor(date: string, invoices: readonly IssuedInvoiceJson[]): Map<string, [number, bigint]> {
  const billed = new Map<string, [number, bigint]>();
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      const kind =
        line.kind === 'adjustment'
          ? line.corrects.billingDate === date
            ? line.corrects.kind
            : undefined
          : invoice.billingDate === date
            ? line.kind
            : undefined;
      if (kind === undefined) continue;
      const key = keyOf(kind, line.servicePeriod);
      const [quantity, amount] = billed.get(key) ?? [0, 0n];
      const minor = parseMoney(line.amount, invoice.currency);
      if (minor._tag === 'Left') throw new Error(minor.left);
      billed.set(key, [quantity + line.quantity, amount + minor.right]);
    }
  }
  for (const [key, [quantity, amount]] of billed) if (quantity === 0 && amount === 0n) billed.delete(key);
  return billed;
}

/** What the rules give for `date` as known at `asKnownAt`, by line key (nothing when not billed). */
function dueFor(
  events: readonly TallyEvent[],
  orgId: string,
  date: string,
  asKnownAt: Instant,
): Map<string, [number, bigint]> {
  const invoice = invoiceAt(events, { orgId, billingDate: date, asKnownAt });
  if (invoice._tag === 'Left') {
    if (invoice.left.code === 'NotBilled') return new Map();
    throw new Error(invoice.left.message);
  }
  const due = new Map<string, [number, bigint]>();
  for (const line of invoice.right.lines) {
    if (line.quantity !== 0 || line.amount !== 0n)
      due.set(keyOf(line.kind, line.servicePeriod), [line.quantity, line.amount]);
  }
  return due;
}

const windowStart = (date: string) =>
  Temporal.PlainDate.from(date)
    .subtract({ months: DEFAULT_CORRECTION_WINDOW_MONTHS }, { overflow: 'constrain' })
    .toString();

describe('issuing invoices along a history', () => {
  test.prop([arbHistory()], { numRuns: 40 })(
    'conservation: after every issued invoice, what was billed for each earlier issued date in the window is what the rules give as known then, line key by line key',
    ([log, runs]) => {
      const { stream, invoices } = simulate(log, runs);
      for (const [n, invoice] of invoices.entries()) {
        const upTo = invoices.slice(0, n + 1).map((one) => one.data);
        for (const earlier of upTo.slice(0, -1)) {
          if (earlier.billingDate < windowStart(invoice.data.billingDate)) continue;
          expect(billedFor(earlier.billingDate, upTo)).toEqual(
            dueFor(stream, log.orgId, earlier.billingDate, invoice.data.asKnownAt),
          );
        }
      }
    },
  );

  test.prop([arbHistory()], { numRuns: 25 })(
    'idempotence: a second run at k issues nothing; a run at a later k without new events adjusts nothing',
    ([log, runs]) => {
      const last = runs.at(-1) as Instant;
      // Every event known, then two runs 40 days apart with nothing recorded between them.
      const end = epochMsToInstant(
        Math.max(instantToEpochMs(last), ...log.events.map((event) => instantToEpochMs(event.recordedAt))) +
          86_400_000,
      );
      const later = epochMsToInstant(instantToEpochMs(end) + 40 * 86_400_000);
      const first = simulate(log, [...runs, end]);
      expect(first.idempotent).toBe(true);
      const second = simulate(log, [...runs, end, later]);
      const added = second.invoices.slice(first.invoices.length);
      for (const invoice of added) {
        expect(invoice.data.lines.filter((line) => line.kind === 'adjustment')).toEqual([]);
      }
    },
  );

  test.prop([arbHistory()], { numRuns: 25 })(
    'reproduction: every issued invoice is composed again, byte for byte, as known at its instant',
    ([log, runs]) => {
      const { invoices, state } = simulate(log, runs);
      const context = {
        serialCode: state.registration?.serialCode ?? '',
        issuedInvoices: state.issuedInvoices,
      };
      for (const invoice of invoices) {
        const again = recomposeIssuedInvoice(state.entities, state.billingEvents, context, invoice.data);
        expect(again).toEqual({ _tag: 'Right', right: invoice.data });
      }
    },
  );

  test.prop([arbHistory({ lateRecording: false, backdating: false })], { numRuns: 25 })(
    'no late event, no adjustment: a history recorded as it happens gets none',
    ([log, runs]) => {
      const { invoices } = simulate(log, runs);
      for (const invoice of invoices) {
        expect(invoice.data.lines.filter((line) => line.kind === 'adjustment')).toEqual([]);
      }
    },
  );

  test.prop([arbHistory()], { numRuns: 25 })(
    'numbers count the invoices without gaps; a credit note exactly when the total is negative',
    ([log, runs]) => {
      const { invoices, state } = simulate(log, runs);
      invoices.forEach((invoice, i) => {
        expect(invoice.data.number).toBe(`${state.registration?.serialCode}-${i + 1}`);
        expect(invoice.data.document).toBe(invoice.data.total.startsWith('-') ? 'credit-note' : 'invoice');
      });
    },
  );
});
