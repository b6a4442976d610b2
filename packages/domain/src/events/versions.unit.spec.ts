// Event versions (docs/wire-format.md#versions): schemaVersion on the envelope, InvoiceIssued
// version 1 read as version 2, every event written back in the version it was read in.
import { readFileSync } from 'node:fs';
import { test } from '@fast-check/vitest';
import { arbInvoiceIssuedV1, arbInvoiceIssuedV2, arbTallyEvent } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { createLogChecker } from '../log/log-checker.js';
import { decodeEventLine } from './decode.js';
import { encodeEvent, serializeEvent } from './encode.js';
import type { InvoiceIssued } from './types.js';

const V1_KEYS = ['orgId', 'billingDate', 'currency', 'asKnownAt', 'lines', 'total'];

const v2Line = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'InvoiceIssued',
    schemaVersion: 2,
    eventId: 'e-9',
    orgId: 'acme',
    occurredAt: '2026-04-09T08:00:00Z',
    recordedAt: '2026-04-09T08:00:00Z',
    data,
    ...extra,
  });

const ownLine = {
  kind: 'devices',
  description: '4 devices × 10.00',
  quantity: 4,
  unitAmount: '10.00',
  amount: '40.00',
  servicePeriod: { start: '2026-04-09', end: '2026-05-09' },
  tallyAt: '2026-04-07T07:00:00Z',
};
const adjustment = (amount: string, quantity: number) => ({
  kind: 'adjustment',
  description: `correction of ACME-1 (2026-03-09): devices 3 → ${3 + quantity}`,
  quantity,
  unitAmount: null,
  amount,
  servicePeriod: { start: '2026-03-09', end: '2026-04-09' },
  tallyAt: '2026-03-07T08:00:00Z',
  corrects: { invoiceNumber: 'ACME-1', billingDate: '2026-03-09', kind: 'devices' },
});
const v2Data = (lines: unknown[], total: string, document = 'invoice') => ({
  orgId: 'acme',
  billingDate: '2026-04-09',
  currency: 'USD',
  asKnownAt: '2026-04-09T08:00:00Z',
  number: 'ACME-2',
  document,
  lines,
  total,
  manifest: null,
});

describe('InvoiceIssued versions', () => {
  test.prop([arbInvoiceIssuedV1()], { numRuns: 100 })(
    'a version-1 line is read with no number, an invoice, no manifest, and written back byte for byte',
    (event) => {
      const line = serializeEvent(event);
      const wire = encodeEvent(event) as { data: Record<string, unknown> };
      expect(Object.keys(wire.data)).toEqual(V1_KEYS);
      const decoded = decodeEventLine(line);
      expect(decoded._tag).toBe('Right');
      const read = (decoded as { right: InvoiceIssued }).right;
      expect(read.schemaVersion).toBe(event.schemaVersion);
      expect(read.data).toMatchObject({ number: null, document: 'invoice', manifest: null });
      expect(serializeEvent(read)).toBe(line);
    },
  );

  test.prop([arbInvoiceIssuedV2()], { numRuns: 100 })('a version-2 event round-trips', (event) => {
    const line = serializeEvent(event);
    const decoded = decodeEventLine(line);
    expect(decoded).toEqual({ _tag: 'Right', right: event });
    expect(serializeEvent((decoded as { right: InvoiceIssued }).right)).toBe(line);
  });

  test.prop([arbTallyEvent()], { numRuns: 200 })('every event is written back as it was read', (event) => {
    const line = serializeEvent(event);
    const decoded = decodeEventLine(line);
    expect(decoded._tag).toBe('Right');
    expect(serializeEvent((decoded as { right: InvoiceIssued }).right)).toBe(line);
  });

  it('reads an adjustment and a credit note', () => {
    const decoded = decodeEventLine(v2Line(v2Data([adjustment('-30.00', -3)], '-30.00', 'credit-note')));
    expect(decoded._tag).toBe('Right');
  });

  it.each([
    [
      'a credit note that is not negative',
      v2Data([ownLine], '40.00', 'credit-note'),
      'data.document: "credit-note", but a total of 40.00 makes it "invoice"',
    ],
    [
      'a negative total called an invoice',
      v2Data([adjustment('-30.00', -3)], '-30.00'),
      'data.document: "invoice", but a total of -30.00 makes it "credit-note"',
    ],
    [
      "an invoice's own line after an adjustment",
      v2Data([adjustment('10.00', 1), ownLine], '50.00'),
      `data.lines[1].kind: a "devices" line after an adjustment; adjustments come after the invoice's own lines`,
    ],
    [
      'a total that is not the sum',
      v2Data([ownLine, adjustment('10.00', 1)], '40.00'),
      'data.total: "40.00" is not the sum of the line amounts (50.00)',
    ],
    [
      'an adjustment with a unit amount',
      v2Data([ownLine, { ...adjustment('10.00', 1), unitAmount: '10.00' }], '50.00'),
      'data.lines[1].unitAmount: expected null, got "10.00"',
    ],
    ['version 2 without a number', { ...v2Data([ownLine], '40.00'), number: null }, 'data.number:'],
  ])('refuses %s', (_, data, message) => {
    const decoded = decodeEventLine(v2Line(data));
    expect(decoded._tag).toBe('Left');
    expect((decoded as { left: { message: string } }).left.message).toContain(message);
  });

  it('refuses an unknown version, naming the known ones', () => {
    const decoded = decodeEventLine(v2Line(v2Data([ownLine], '40.00'), { schemaVersion: 3 }));
    expect(decoded).toMatchObject({
      _tag: 'Left',
      left: { path: 'schemaVersion', message: 'schemaVersion: InvoiceIssued has versions 1 and 2, got 3' },
    });
  });

  it('refuses version 2 of a type that has only version 1', () => {
    const line =
      '{"type":"DeviceDeactivated","schemaVersion":2,"eventId":"e-1","orgId":"acme","occurredAt":"2026-03-01T00:00:00Z","recordedAt":"2026-03-01T00:00:00Z","data":{"deviceId":"d-1"}}';
    expect(decodeEventLine(line)).toMatchObject({
      _tag: 'Left',
      left: { message: 'schemaVersion: DeviceDeactivated has only version 1, got 2' },
    });
  });

  it('will not write a numbered invoice as version 1 (it would lose its number)', () => {
    const decoded = decodeEventLine(v2Line(v2Data([ownLine], '40.00')));
    const event = (decoded as { right: InvoiceIssued }).right;
    const { schemaVersion: _, ...unversioned } = event;
    expect(() => serializeEvent(unversioned)).toThrow(/cannot write InvoiceIssued e-9 as version 1/);
  });
});

describe('a frozen version-1 log (written before version 2 existed)', () => {
  const text = readFileSync(new URL('../log/fixtures/frozen-v1.jsonl', import.meta.url), 'utf8');
  const lines = text.split('\n').slice(0, -1);

  it('holds, and every line is written back byte for byte', () => {
    const checker = createLogChecker();
    let invoices = 0;
    for (const [index, line] of lines.entries()) {
      const accepted = checker.acceptLine(line, index + 1);
      expect(accepted._tag).toBe('Right');
      const event = (accepted as { right: InvoiceIssued }).right;
      if (event.type === 'InvoiceIssued') {
        invoices += 1;
        expect(event.schemaVersion).toBeUndefined();
        expect(event.data.number).toBeNull();
      }
      expect(serializeEvent(event)).toBe(line);
    }
    expect(lines).toHaveLength(10);
    expect(invoices).toBe(3);
  });
});
