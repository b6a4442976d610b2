// liveFigures against the entry points it must agree with: its counts are countAt's, its next
// invoice is invoiceAt's for the next billing date, its allocation is what the term's invoices
// billed so far, all as known at `now`, on generated histories of every model.
import { fc, test } from '@fast-check/vitest';
import { arbEventLog } from '@tally/testing';
import { Temporal } from 'temporal-polyfill';
import { describe, expect } from 'vitest';
import { countAt } from '../counting/counts-at.js';
import { TimelineFold } from '../entities/timeline-fold.js';
import { invoiceAt, invoicesBetween } from './api.js';
import { BILLING_FACT_TYPES } from './facts.js';
import { serializeInvoice } from './invoice.js';
import { liveFigures } from './live-figures.js';

const figuresOf = (
  events: readonly import('../events/types.js').TallyEvent[],
  orgId: string,
  now: string,
) => {
  const fold = new TimelineFold();
  for (const event of events) fold.push(event);
  return liveFigures({
    orgId,
    timeline: fold.timeline,
    factEvents: events.filter((event) => BILLING_FACT_TYPES.has(event.type)),
    now,
  });
};

describe('liveFigures', () => {
  test.prop([arbEventLog({ maxEvents: 30 }), fc.integer({ min: -20, max: 500 })], { numRuns: 60 })(
    'counts, next invoice and allocation agree with countAt, invoiceAt and invoicesBetween as known now',
    (log, days) => {
      const start = Temporal.PlainDate.from(log.startDate).toZonedDateTime({ timeZone: 'UTC' }).toInstant();
      const now = start.add({ hours: days * 24 + 7 }).toString();
      const figures = figuresOf(log.events, log.orgId, now);
      expect(figures.countsNow).toEqual(countAt(log.events, now, { asKnownAt: now }));
      if (figures.nextBillingDate === null) return;
      const today = Temporal.Instant.from(now).toZonedDateTimeISO(log.timeZone).toPlainDate().toString();
      expect(figures.nextBillingDate > today).toBe(true);
      const expected = invoiceAt(log.events, {
        orgId: log.orgId,
        billingDate: figures.nextBillingDate,
        asKnownAt: now,
      });
      expect(expected._tag).toBe('Right');
      if (expected._tag === 'Right') {
        expect(figures.nextInvoice).not.toBeNull();
        expect(serializeInvoice(figures.nextInvoice as NonNullable<typeof figures.nextInvoice>)).toBe(
          serializeInvoice(expected.right),
        );
      }
      if (figures.nextTallyAt !== null) {
        expect(figures.countsAtNextTally).toEqual(
          countAt(log.events, figures.nextTallyAt, { asKnownAt: now }),
        );
      }
      if (log.licensing !== 'per-device-yearly') {
        expect(figures.allocation).toBeNull();
      } else if (figures.allocation !== null) {
        // What the term billed up to today: its term line and every overage since.
        const billed = invoicesBetween(log.events, {
          orgId: log.orgId,
          from: log.startDate,
          to: today,
          asKnownAt: now,
        });
        expect(billed._tag).toBe('Right');
        if (billed._tag === 'Right') {
          const lines = billed.right.flatMap((invoice) => invoice.lines);
          const lastTerm = lines.map((line) => line.kind).lastIndexOf('term');
          const sum = lines
            .slice(lastTerm)
            .reduce(
              (total, line) => total + (line.kind === 'term' || line.kind === 'overage' ? line.quantity : 0),
              0,
            );
          expect(figures.allocation).toBe(sum);
          expect(figures.allocationLeft).toBe(sum - figures.countsNow.billableDevices);
        }
      }
    },
  );

  test('before SubscriptionStarted there is no next invoice, and the note says why', () => {
    const figures = figuresOf([], 'acme', '2026-03-01T00:00:00Z');
    expect(figures.nextInvoice).toBeNull();
    expect(figures.model).toBeNull();
    expect(figures.note).not.toBeNull();
  });
});
