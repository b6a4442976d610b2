// The billing run over a store (docs/ledger.md#the-billing-run): everything due, oldest first,
// as known at k, idempotent, corrections on the next run, the summary by billing account.
import type { TallyEvent } from '@tally/domain';
import { createLogChecker, serializeEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { billingRun } from './billing-run.js';
import { billingRunCsv, billingRunTable, summarizeBillingRun } from './billing-summary.js';
import { getInMemoryEventStore } from './in-memory-store.js';
import { type EventStore, orgStreamName } from './port.js';

let counter = 0;
const event = (orgId: string, type: string, occurredAt: string, data: unknown, recordedAt = occurredAt) =>
  ({ type, eventId: `e-${++counter}`, orgId, occurredAt, recordedAt, data }) as TallyEvent;

function department(
  orgId: string,
  serialCode: string,
  billingAccount: string,
  devices: number,
): TallyEvent[] {
  return [
    event(orgId, 'OrganizationRegistered', '2026-01-02T17:00:00Z', {
      name: orgId,
      serialCode,
      billingAccount,
      timeZone: 'America/Los_Angeles',
      currency: 'USD',
      coldStorage: false,
    }),
    event(orgId, 'SubscriptionStarted', '2026-01-02T17:05:00Z', {
      startDate: '2026-01-09',
      plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
    }),
    ...Array.from({ length: devices }, (_, i) =>
      event(orgId, 'DeviceActivated', '2026-01-05T18:00:00Z', {
        deviceId: `${orgId}-d${i + 1}`,
        userId: 'u-1',
      }),
    ),
  ];
}

async function storeWith(...orgs: TallyEvent[][]): Promise<EventStore> {
  const store = getInMemoryEventStore();
  for (const events of orgs) await store.appendToStream(orgStreamName(events[0]?.orgId as string), events);
  return store;
}

async function streamOf(store: EventStore, orgId: string): Promise<TallyEvent[]> {
  const events: TallyEvent[] = [];
  for await (const record of store.readStream(orgStreamName(orgId))) events.push(record.event);
  return events;
}

const at = '2026-03-10T00:00:00Z';
const clock = () => at;

describe('billingRun', () => {
  it('issues every invoice due at k, oldest first, each as known at k; a second run at k issues nothing', async () => {
    const store = await storeWith(
      department('chem', 'CHEM', 'PTA-1', 2),
      department('bio', 'BIO', 'PTA-2', 1),
    );
    const progress: unknown[] = [];
    const run = await billingRun({ store, orgs: 'all', at, clock, onProgress: (p) => progress.push(p) });
    expect(run.failures).toEqual([]);
    expect(
      run.issued.map(({ orgId, event: e }) => [orgId, e.data.number, e.data.billingDate, e.data.total]),
    ).toEqual([
      ['bio', 'BIO-1', '2026-01-09', '10.00'],
      ['bio', 'BIO-2', '2026-02-09', '10.00'],
      ['bio', 'BIO-3', '2026-03-09', '10.00'],
      ['chem', 'CHEM-1', '2026-01-09', '20.00'],
      ['chem', 'CHEM-2', '2026-02-09', '20.00'],
      ['chem', 'CHEM-3', '2026-03-09', '20.00'],
    ]);
    expect(run.issued.every(({ event: e }) => e.data.asKnownAt === at && e.recordedAt === at)).toBe(true);
    expect(progress).toEqual([
      { done: 1, total: 2, orgId: 'bio', issued: 3 },
      { done: 2, total: 2, orgId: 'chem', issued: 3 },
    ]);
    const again = await billingRun({ store, orgs: 'all', at, clock });
    expect(again.issued).toEqual([]);
    // The appended log holds: one invoice per date, numbers without gaps.
    const checker = createLogChecker();
    const chem = await streamOf(store, 'chem');
    for (const [i, one] of chem.entries()) {
      expect(checker.acceptLine(serializeEvent(one), i + 1)._tag).toBe('Right');
    }
    expect(chem.filter((one) => one.type === 'InvoiceIssued')).toHaveLength(3);
  });

  it('a late deactivation is credited on the next run', async () => {
    const store = await storeWith(department('chem', 'CHEM', 'PTA-1', 2));
    await billingRun({ store, orgs: 'chem', at, clock });
    // chem-d2 left on 2026-03-01; recorded on 2026-03-20.
    await store.appendToStream(orgStreamName('chem'), [
      event(
        'chem',
        'DeviceDeactivated',
        '2026-03-01T00:00:00Z',
        { deviceId: 'chem-d2' },
        '2026-03-20T00:00:00Z',
      ),
    ]);
    const april = '2026-04-09T12:00:00Z';
    const run = await billingRun({ store, orgs: ['chem'], at: april, clock: () => april });
    const [issued] = run.issued;
    expect(issued?.event.data.lines.map((line) => [line.kind, line.quantity, line.amount])).toEqual([
      ['devices', 1, '10.00'],
      ['adjustment', -1, '-10.00'],
    ]);
    expect(issued?.event.data).toMatchObject({ number: 'CHEM-4', total: '0.00', document: 'invoice' });
  });

  it('a dry run decides the same invoices and appends nothing', async () => {
    const store = await storeWith(department('chem', 'CHEM', 'PTA-1', 2));
    const dry = await billingRun({ store, orgs: 'chem', at, clock, dryRun: true });
    expect(dry.issued).toHaveLength(3);
    expect((await streamOf(store, 'chem')).some((one) => one.type === 'InvoiceIssued')).toBe(false);
  });

  it('refuses a k after the clock: an invoice cannot be known in the future', async () => {
    const store = await storeWith(department('chem', 'CHEM', 'PTA-1', 2));
    await expect(
      billingRun({ store, orgs: 'chem', at, clock: () => '2026-03-09T00:00:00Z' }),
    ).rejects.toThrow(
      /billing run at 2026-03-10T00:00:00Z: an invoice as known at 2026-03-10T00:00:00Z cannot be recorded at 2026-03-09T00:00:00Z, before it/,
    );
  });

  it('summarizes by billing account, as a table and as CSV', async () => {
    const store = await storeWith(
      department('chem', 'CHEM', 'PTA-1', 2),
      department('phys', 'PHYS', 'PTA-1', 3),
      department('bio', 'BIO', '=HYPERLINK("x")', 1),
    );
    const summary = summarizeBillingRun(
      await billingRun({ store, orgs: 'all', at: '2026-01-09T12:00:00Z', clock }),
    );
    expect(summary.accounts.map((account) => [account.billingAccount, account.orgs, account.totals])).toEqual(
      [
        ['=HYPERLINK("x")', ['bio'], [{ currency: 'USD', total: '10.00' }]],
        ['PTA-1', ['chem', 'phys'], [{ currency: 'USD', total: '50.00' }]],
      ],
    );
    expect(billingRunTable(summary)).toBe(
      [
        'billing run at 2026-01-09T12:00:00Z: 3 invoices issued for 3 organizations',
        'account          currency  total  organizations  invoices',
        '=HYPERLINK("x")  USD       10.00  bio            BIO-1',
        'PTA-1            USD       50.00  chem phys      CHEM-1 PHYS-1',
        '',
      ].join('\n'),
    );
    expect(billingRunCsv(summary)).toBe(
      [
        'billingAccount,currency,total,organizations,invoices',
        `"'=HYPERLINK(""x"")",USD,10.00,bio,BIO-1`,
        'PTA-1,USD,50.00,chem phys,CHEM-1 PHYS-1',
        '',
      ].join('\r\n'),
    );
  });

  it("one org's run reads only that org's stream", async () => {
    const store = await storeWith(
      department('chem', 'CHEM', 'PTA-1', 2),
      department('bio', 'BIO', 'PTA-2', 1),
    );
    const read: string[] = [];
    const watched: EventStore = {
      ...store,
      readStream: (name, options) => {
        read.push(name);
        return store.readStream(name, options);
      },
      appendToStream: (name, events, options) => store.appendToStream(name, events, options),
    };
    await billingRun({ store: watched, orgs: 'chem', at, clock });
    expect(new Set(read)).toEqual(new Set([orgStreamName('chem')]));
  });
});
