// Which issued invoices are known at an instant, and what a reader is shown for each billing
// date (docs/cli.md#tally-invoice): the issued invoice once its InvoiceIssued is recorded, the
// computed one otherwise; a log without InvoiceIssued is shown exactly as computed.
import { fc, test } from '@fast-check/vitest';
import { arbEventLog } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import type { InvoiceIssued, IssuedInvoiceJson, TallyEvent } from '../events/types.js';
import { epochMsToInstant } from '../time/instant.js';
import { invoiceAt, invoicesBetween } from './api.js';
import {
  formatInvoice,
  formatInvoices,
  formatShownInvoice,
  formatShownInvoices,
} from './formats/invoice-formats.js';
import { issuedInvoicesKnownAt, showInvoice, showInvoices } from './issued-known-at.js';

const issuedData = (
  billingDate: string,
  number: string,
  extra: Partial<IssuedInvoiceJson> = {},
): IssuedInvoiceJson => ({
  orgId: 'acme',
  billingDate,
  currency: 'USD',
  asKnownAt: `${billingDate}T08:00:00Z`,
  number,
  document: 'invoice',
  lines: [],
  total: '0.00',
  manifest: null,
  ...extra,
});

const issuedEvent = (data: IssuedInvoiceJson, recordedAt: string, orgId = data.orgId): InvoiceIssued => ({
  type: 'InvoiceIssued',
  schemaVersion: 2,
  eventId: `i-${data.billingDate}-${orgId}`,
  orgId,
  occurredAt: recordedAt,
  recordedAt,
  data,
});

describe('issuedInvoicesKnownAt', () => {
  const march = issuedData('2026-03-09', 'ACME-1');
  const april = issuedData('2026-04-09', 'ACME-2');
  const events: TallyEvent[] = [
    issuedEvent(march, '2026-03-09T08:00:00Z'),
    issuedEvent(april, '2026-04-09T07:00:00Z'),
    issuedEvent({ ...issuedData('2026-03-09', 'OTHER-1'), orgId: 'other' }, '2026-03-09T08:00:00Z', 'other'),
  ];

  it('knows an invoice from the instant its InvoiceIssued is recorded, not a millisecond before', () => {
    const at = (asKnownAt: string) => [...issuedInvoicesKnownAt(events, { orgId: 'acme', asKnownAt }).keys()];
    expect(at('2026-03-09T07:59:59.999Z')).toEqual([]);
    expect(at('2026-03-09T08:00:00Z')).toEqual(['2026-03-09']);
    expect(at('2026-04-09T06:59:59Z')).toEqual(['2026-03-09']);
    expect(at('2026-12-31T00:00:00Z')).toEqual(['2026-03-09', '2026-04-09']);
  });

  it("takes only the asked org's invoices", () => {
    const known = issuedInvoicesKnownAt(events, { orgId: 'other', asKnownAt: '2026-12-31T00:00:00Z' });
    expect([...known.values()].map((data) => data.number)).toEqual(['OTHER-1']);
  });

  it('knows nothing at an instant that is not one (the invoice fold names it)', () => {
    expect(issuedInvoicesKnownAt(events, { orgId: 'acme', asKnownAt: 'soon' }).size).toBe(0);
  });

  it('shows an issued date as issued, even when the rules no longer bill it', () => {
    const known = issuedInvoicesKnownAt(events, { orgId: 'acme', asKnownAt: '2026-12-31T00:00:00Z' });
    const notBilled = { _tag: 'Left', left: { code: 'NotBilled', message: 'not billed' } } as const;
    expect(showInvoice(notBilled, known, '2026-03-09')).toEqual({
      _tag: 'Right',
      right: { kind: 'issued', issued: march },
    });
    expect(showInvoice(notBilled, known, '2026-05-09')).toEqual(notBilled);
    expect(
      showInvoices({ _tag: 'Right', right: [] }, known, { from: '2026-04-01', to: '2026-04-30' }),
    ).toEqual({
      _tag: 'Right',
      right: [{ kind: 'issued', issued: april }],
    });
  });
});

describe('a log without InvoiceIssued', () => {
  test.prop([arbEventLog({ maxEvents: 30 }), fc.integer({ min: 0, max: 40 })], { numRuns: 40 })(
    'is shown exactly as computed, in every format',
    (log, monthsKnown) => {
      // 2026-01-01T00:00:00Z plus whole 30-day months: before, inside and after the history.
      const asKnownAt = epochMsToInstant(1_767_225_600_000 + monthsKnown * 2_592_000_000);
      const options = { orgId: log.orgId, from: log.startDate, to: log.endDate, asKnownAt };
      const computed = invoicesBetween(log.events, options);
      const issued = issuedInvoicesKnownAt(log.events, options);
      expect(issued.size).toBe(0);
      const shown = showInvoices(computed, issued, options);
      if (computed._tag === 'Left') {
        expect(shown).toEqual(computed);
        return;
      }
      if (shown._tag === 'Left') throw new Error(shown.left.message);
      expect(shown.right).toEqual(computed.right.map((invoice) => ({ kind: 'computed', invoice })));
      for (const format of ['jsonl', 'text', 'csv'] as const) {
        expect(formatShownInvoices(shown.right, format, asKnownAt)).toBe(
          formatInvoices(computed.right, format),
        );
      }
      const first = computed.right[0];
      if (first === undefined) return;
      const one = invoiceAt(log.events, { ...options, billingDate: first.billingDate });
      const oneShown = showInvoice(one, issued, first.billingDate);
      if (oneShown._tag === 'Left' || one._tag === 'Left') throw new Error('the first invoice of the range');
      for (const format of ['json', 'text', 'csv'] as const) {
        expect(formatShownInvoice(oneShown.right, format)).toBe(formatInvoice(one.right, format));
      }
    },
  );
});
