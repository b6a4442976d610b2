// The report marks what was issued (docs/report.md): each issued invoice's number and document
// beside the invoice of its date, and the adjustments it carries; a credit note says so.
import { readFileSync } from 'node:fs';
import {
  applyOrgEvent,
  decide,
  decodeEventLine,
  initialOrgState,
  type PendingEvent,
  type TallyEvent,
} from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { buildReportData } from './build.js';
import { renderReport } from './page.js';

const chemistry = readFileSync(
  new URL('../../../examples/billing-run/chemistry.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .slice(0, -1)
  .map((line) => {
    const decoded = decodeEventLine(line);
    if (decoded._tag === 'Left') throw new Error(decoded.left.message);
    return decoded.right;
  });

/** The log with the invoices due at `at` issued, as a billing run would append them. */
function issuedAt(events: readonly TallyEvent[], at: string): TallyEvent[] {
  const state = initialOrgState();
  for (const event of events) applyOrgEvent(state, event);
  const decision = decide({ type: 'IssueDueInvoices', orgId: 'chem', at, data: {} }, state);
  if (decision._tag === 'Left') throw new Error(decision.left.message);
  return [
    ...events,
    ...decision.right.map(
      (pending: PendingEvent, i) => ({ ...pending, eventId: `run-${at}-${i}`, recordedAt: at }) as TallyEvent,
    ),
  ];
}

const options = { orgId: 'chem', from: '2026-03-09', to: '2026-04-09', asKnownAt: '2026-04-30T00:00:00Z' };

describe('the report marks issued invoices', () => {
  it('gives the issued invoices of the period, and marks them with their adjustments in the page', () => {
    const events = issuedAt(chemistry, '2026-04-09T16:00:00Z');
    const data = buildReportData(events, options);
    if (data._tag === 'Left') throw new Error(data.left.message);
    expect(
      data.right.issued.map((invoice) => [
        invoice.billingDate,
        invoice.number,
        invoice.document,
        invoice.total,
      ]),
    ).toEqual([
      ['2026-03-09', 'CHEM-1', 'invoice', '30.00'],
      ['2026-04-09', 'CHEM-2', 'invoice', '10.00'],
    ]);
    const html = renderReport(data.right);
    expect(html).toContain('<tr class="issued" data-number="CHEM-1" data-document="invoice">');
    expect(html).toContain('<tr class="issued" data-number="CHEM-2" data-document="invoice">');
    expect(html).toMatch(
      /<tr class="adjustment" data-corrects="CHEM-1">.*correction of CHEM-1 \(2026-03-09\): devices 3 → 2.*-10\.00/,
    );
    expect(html).not.toContain('credit note');
  });

  it('leaves out what was issued after asKnownAt', () => {
    const events = issuedAt(chemistry, '2026-04-09T16:00:00Z');
    const data = buildReportData(events, { ...options, asKnownAt: '2026-04-01T00:00:00Z', to: '2026-03-09' });
    if (data._tag === 'Left') throw new Error(data.left.message);
    expect(data.right.issued.map((invoice) => invoice.number)).toEqual(['CHEM-1']);
  });

  it('says credit note', () => {
    // Every device gone before March's tally, recorded after March was billed for three: April
    // bills the minimum (10.00) and credits March's three devices less its own minimum (-20.00).
    const gone = ['lab-1', 'lab-3'].map(
      (deviceId, i) =>
        ({
          type: 'DeviceDeactivated',
          eventId: `gone-${i}`,
          orgId: 'chem',
          occurredAt: '2026-03-06T18:00:00Z',
          recordedAt: '2026-03-25T00:00:00Z',
          data: { deviceId },
        }) as TallyEvent,
    );
    const events = issuedAt([...chemistry, ...gone], '2026-04-09T16:00:00Z');
    const data = buildReportData(events, options);
    if (data._tag === 'Left') throw new Error(data.left.message);
    const april = data.right.issued.find((invoice) => invoice.billingDate === '2026-04-09');
    expect(april).toMatchObject({ document: 'credit-note', total: '-10.00' });
    expect(renderReport(data.right)).toContain(
      '<tr class="issued" data-number="CHEM-2" data-document="credit-note"><td colspan="5">issued as CHEM-2 <span class="credit-note">credit note</span>',
    );
  });
});
