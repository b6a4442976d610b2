// invoicesFromStore / invoiceFromStore read a store in two passes; they must agree with the
// domain's in-memory invoicesBetween / invoiceAt on the same events, byte for byte.
import type { TallyEvent } from '@tally/domain';
import { invoiceAt, invoicesBetween, serializeInvoice } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from './in-memory-store.js';
import { orgStreamName } from './port.js';
import { invoiceFromStore, invoicesFromStore } from './queries.js';

const base = { orgId: 'acme' } as const;
let counter = 0;
const at = (occurredAt: string, recordedAt = occurredAt) => ({
  ...base,
  eventId: `e-${++counter}`,
  occurredAt,
  recordedAt,
});

const events: TallyEvent[] = [
  {
    ...at('2026-01-01T00:00:00Z'),
    type: 'OrganizationRegistered',
    data: {
      name: 'Acme',
      serialCode: 'AC-1',
      billingAccount: 'BA-1',
      timeZone: 'America/Los_Angeles',
      currency: 'USD',
      coldStorage: true,
    },
  },
  {
    ...at('2026-01-01T00:01:00Z'),
    type: 'SubscriptionStarted',
    data: {
      startDate: '2026-01-09',
      plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
    },
  },
  { ...at('2026-01-02T00:00:00Z'), type: 'DeviceActivated', data: { deviceId: 'd-1', userId: 'u-1' } },
  { ...at('2026-02-01T00:00:00Z'), type: 'DeviceActivated', data: { deviceId: 'd-2', userId: 'u-2' } },
  // Backdated: recorded in March, it happened in January.
  {
    ...at('2026-01-03T00:00:00Z', '2026-03-20T00:00:00Z'),
    type: 'DeviceActivated',
    data: { deviceId: 'd-3', userId: 'u-3' },
  },
];

async function storeWith(list: readonly TallyEvent[]) {
  const store = getInMemoryEventStore({ pageSize: 2 });
  await store.appendToStream(orgStreamName('acme'), list);
  return store;
}

describe('invoicesFromStore', () => {
  it.each(['2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'])(
    'gives the bytes of invoicesBetween as known at %s',
    async (asKnownAt) => {
      const store = await storeWith(events);
      const options = { orgId: 'acme', from: '2026-01-09', to: '2026-04-09', asKnownAt };
      const fromStore = await invoicesFromStore(store, options);
      const inMemory = invoicesBetween(events, options);
      if (fromStore._tag === 'Left' || inMemory._tag === 'Left') throw new Error('expected invoices');
      expect(fromStore.right.map(serializeInvoice)).toEqual(inMemory.right.map(serializeInvoice));
      expect(fromStore.right.map((invoice) => invoice.billingDate)).toEqual([
        '2026-01-09',
        '2026-02-09',
        '2026-03-09',
        '2026-04-09',
      ]);
    },
  );

  it('sees the backdated device only once it is known', async () => {
    const store = await storeWith(events);
    const quantities = async (asKnownAt: string) => {
      const result = await invoiceFromStore(store, { orgId: 'acme', billingDate: '2026-02-09', asKnownAt });
      if (result._tag === 'Left') throw new Error(result.left.message);
      return result.right.lines.map((line) => line.quantity);
    };
    expect(await quantities('2026-03-01T00:00:00Z')).toEqual([2]);
    expect(await quantities('2026-03-21T00:00:00Z')).toEqual([3]);
  });

  it('agrees with invoiceAt for one date', async () => {
    const store = await storeWith(events);
    const options = { orgId: 'acme', billingDate: '2026-03-09', asKnownAt: '2026-04-01T00:00:00Z' };
    const fromStore = await invoiceFromStore(store, options);
    const inMemory = invoiceAt(events, options);
    if (fromStore._tag === 'Left' || inMemory._tag === 'Left') throw new Error('expected an invoice');
    expect(serializeInvoice(fromStore.right)).toBe(serializeInvoice(inMemory.right));
  });

  it('answers an org without a stream with UnknownOrganization', async () => {
    const store = await storeWith(events);
    const result = await invoicesFromStore(store, {
      orgId: 'nobody',
      from: '2026-01-01',
      to: '2026-02-01',
      asKnownAt: '2026-04-01T00:00:00Z',
    });
    expect(result._tag === 'Left' && result.left.code).toBe('UnknownOrganization');
  });

  it('names the nearest billing dates for a date that is not one', async () => {
    const store = await storeWith(events);
    const result = await invoiceFromStore(store, {
      orgId: 'acme',
      billingDate: '2026-02-10',
      asKnownAt: '2026-04-01T00:00:00Z',
    });
    if (result._tag === 'Right') throw new Error('expected NotABillingDate');
    expect(result.left.code).toBe('NotABillingDate');
    expect(result.left.message).toContain('2026-02-09 and 2026-03-09');
  });
});
