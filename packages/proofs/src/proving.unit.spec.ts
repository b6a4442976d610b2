// The proving checks on hand-built scans: an export holds to the checkpoints of its own prefixes
// and to nothing else, the invoice is picked by id or date, and every consistency proof made
// between two of its checkpoints is accepted by checkConsistency, a tampered one refused.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Checkpoint } from './checkpoint.js';
import { parseConsistencyProof } from './consistency-file.js';
import type { IssuedInvoiceLine } from './export-scan.js';
import { leafHash } from './hash.js';
import { leafHashList } from './leaf-hashes.js';
import { subtreeHash } from './proofs.js';
import {
  bundleHeaderFor,
  checkConsistency,
  checkpointsInOrder,
  chooseIssuedInvoice,
  consistencyProofBetween,
  holdToCheckpoint,
  type ScannedExport,
} from './proving.js';

function scanOf(lines: number, invoices: readonly IssuedInvoiceLine[] = []): ScannedExport {
  const leaves = leafHashList(Array.from({ length: lines }, (_, i) => leafHash(`{"line":${i + 1}}`)));
  return { orgId: 'acme', lines, root: subtreeHash(leaves, 0, lines), leaves, head: '', invoices };
}
const checkpointOf = (scan: ScannedExport, size: number, origin = 'tally/acme'): Checkpoint => ({
  origin,
  size,
  root: subtreeHash(scan.leaves, 0, size),
});
const names = { export: 'sealed.jsonl', checkpoint: 'c.txt' };

describe('holdToCheckpoint', () => {
  const scan = scanOf(10);
  it('holds for the checkpoint of any prefix of the export', () => {
    for (let size = 1; size <= 10; size++)
      expect(holdToCheckpoint(scan, checkpointOf(scan, size), names).ok).toBe(true);
  });
  it("refuses another org's checkpoint as misuse, a longer or different log as not holding", () => {
    expect(holdToCheckpoint(scan, checkpointOf(scan, 5, 'tally/other'), names)).toMatchObject({
      ok: false,
      misuse: true,
    });
    const longer = checkpointOf(scanOf(12), 12);
    expect(holdToCheckpoint(scan, longer, names)).toMatchObject({ ok: false, misuse: false });
    const other = { ...checkpointOf(scan, 5), root: checkpointOf(scan, 6).root };
    expect(holdToCheckpoint(scan, other, names)).toMatchObject({
      ok: false,
      misuse: false,
      problem: expect.stringContaining('lines 1-5 do not give the tree head c.txt signs'),
    });
  });
});

describe('chooseIssuedInvoice', () => {
  const invoice = (line: number, eventId: string, billingDate: string) => ({
    line,
    eventId,
    number: `AC-${eventId.slice(2)}`,
    billingDate,
    bytesThrough: line * 10,
  });
  const invoices = [
    invoice(3, 'i-1', '2026-01-01'),
    invoice(6, 'i-2', '2026-02-01'),
    invoice(8, 'i-3', '2026-02-01'),
  ];
  it('finds an invoice by number, by eventId or by its only billing date', () => {
    expect(chooseIssuedInvoice(invoices, { number: 'AC-3' }, 'x')).toEqual({ ok: true, value: invoices[2] });
    expect(chooseIssuedInvoice(invoices, { eventId: 'i-2' }, 'x')).toEqual({ ok: true, value: invoices[1] });
    expect(chooseIssuedInvoice(invoices, { billingDate: '2026-01-01' }, 'x')).toEqual({
      ok: true,
      value: invoices[0],
    });
  });
  it('refuses an unknown number or id, an unknown date and a date with two invoices, as misuse', () => {
    for (const choice of [
      { number: 'AC-9' },
      { number: 'i-2' },
      { eventId: 'i-9' },
      { billingDate: '2026-03-01' },
      { billingDate: '2026-02-01' },
    ]) {
      expect(chooseIssuedInvoice(invoices, choice, 'x')).toMatchObject({ ok: false, misuse: true });
    }
    expect(chooseIssuedInvoice(invoices, { billingDate: '2026-02-01' }, 'x')).toMatchObject({
      problem: expect.stringContaining('(AC-2, AC-3): give --invoice NUMBER'),
    });
  });
  it('refuses a bundle of an invoice after the checkpoint', () => {
    const scan = scanOf(10, invoices);
    const signed = { checkpoint: checkpointOf(scan, 7), note: 'note' };
    expect(bundleHeaderFor(scan, signed, invoices[2] as IssuedInvoiceLine, names)).toMatchObject({
      ok: false,
      misuse: false,
    });
    expect(bundleHeaderFor(scan, signed, invoices[1] as IssuedInvoiceLine, names).ok).toBe(true);
  });
});

describe('consistency between two checkpoints of one export', () => {
  const consistencyNames = { export: 'sealed.jsonl', old: 'old.txt', new: 'new.txt', proof: 'p.txt' };
  it('refuses swapped checkpoints and two origins as misuse', () => {
    const scan = scanOf(6);
    expect(checkpointsInOrder(checkpointOf(scan, 5), checkpointOf(scan, 3), consistencyNames)).toMatchObject({
      ok: false,
      misuse: true,
    });
    expect(
      checkpointsInOrder(checkpointOf(scan, 3), checkpointOf(scan, 5, 'tally/b'), consistencyNames),
    ).toMatchObject({ ok: false, misuse: true });
  });

  test.prop(
    [
      fc
        .integer({ min: 1, max: 40 })
        .chain((lines) =>
          fc.tuple(
            fc.constant(lines),
            fc.integer({ min: 1, max: lines }),
            fc.integer({ min: 1, max: lines }),
          ),
        ),
    ],
    { numRuns: 60 },
  )(
    'a proof made between any two prefixes is accepted, and refused once a hash is changed',
    ([lines, a, b]) => {
      const scan = scanOf(lines);
      const [older, newer] = [checkpointOf(scan, Math.min(a, b)), checkpointOf(scan, Math.max(a, b))];
      const made = consistencyProofBetween(scan, older, newer, consistencyNames);
      if (!made.ok) throw new Error(made.problem);
      const parsed = parseConsistencyProof(Buffer.from(made.value.text));
      if (!parsed.ok) throw new Error(parsed.problem);
      expect(checkConsistency(older, newer, parsed.value, consistencyNames).ok).toBe(true);
      const [first, ...rest] = parsed.value.proof;
      if (first !== undefined) {
        const tampered = { ...parsed.value, proof: [leafHash('tampered'), ...rest] };
        expect(checkConsistency(older, newer, tampered, consistencyNames).ok).toBe(false);
      }
      const otherNewer = { ...newer, root: leafHash('other root') };
      expect(checkConsistency(older, otherNewer, parsed.value, consistencyNames).ok).toBe(false);
    },
  );
});
