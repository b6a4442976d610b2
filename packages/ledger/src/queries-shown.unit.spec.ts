// shownInvoicesFromStore / shownInvoiceFromStore: a store's invoices as a reader is shown them
// (docs/cli.md#tally-invoice), on examples/billing-run: CHEM-1 is issued for 2026-03-09 and
// recorded at 2026-03-09T16:00:00Z; before that instant the date is computed, from it on it is
// the issued invoice, and the other dates stay computed.
import { readFileSync } from 'node:fs';
import { decodeEventLine, invoiceAt, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from './in-memory-store.js';
import { orgStreamName } from './port.js';
import { shownInvoiceFromStore, shownInvoicesFromStore } from './queries.js';

const events: TallyEvent[] = readFileSync(
  new URL('../../../examples/billing-run/chemistry.jsonl', import.meta.url),
  'utf8',
)
  .trimEnd()
  .split('\n')
  .map((line) => {
    const decoded = decodeEventLine(line);
    if (decoded._tag === 'Left') throw new Error(String(decoded.left));
    return decoded.right;
  });

async function store() {
  const memory = getInMemoryEventStore({ pageSize: 2 });
  await memory.appendToStream(orgStreamName('chem'), events);
  return memory;
}

const range = { orgId: 'chem', from: '2026-03-01', to: '2026-04-30' } as const;

describe('shownInvoicesFromStore', () => {
  it('shows 2026-03-09 as CHEM-1 once its InvoiceIssued is recorded, and computed before', async () => {
    const memory = await store();
    const before = await shownInvoicesFromStore(memory, { ...range, asKnownAt: '2026-03-09T15:59:59Z' });
    const after = await shownInvoicesFromStore(memory, { ...range, asKnownAt: '2026-03-25T00:00:00Z' });
    if (before._tag === 'Left' || after._tag === 'Left') throw new Error('chemistry is billed');
    expect(before.right.map((shown) => shown.kind)).toEqual(['computed', 'computed']);
    expect(after.right.map((shown) => shown.kind)).toEqual(['issued', 'computed']);
    const [march] = after.right;
    expect(march?.kind === 'issued' && march.issued.number).toBe('CHEM-1');
  });

  it('shows one date as the range does, and a computed date exactly as invoiceAt', async () => {
    const memory = await store();
    const asKnownAt = '2026-03-25T00:00:00Z';
    const march = await shownInvoiceFromStore(memory, {
      orgId: 'chem',
      billingDate: '2026-03-09',
      asKnownAt,
    });
    expect(march).toMatchObject({ _tag: 'Right', right: { kind: 'issued', issued: { number: 'CHEM-1' } } });
    const april = await shownInvoiceFromStore(memory, {
      orgId: 'chem',
      billingDate: '2026-04-09',
      asKnownAt,
    });
    const expected = invoiceAt(events, { orgId: 'chem', billingDate: '2026-04-09', asKnownAt });
    if (expected._tag === 'Left') throw new Error(expected.left.message);
    expect(april).toEqual({ _tag: 'Right', right: { kind: 'computed', invoice: expected.right } });
  });
});
