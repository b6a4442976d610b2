// Properties of invoicing over generated histories (see history.spec-helper.ts).
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { TallyEvent } from '../events/types.js';
import { parseMoney } from '../money/index.js';
import { instantToEpochMs } from '../time/instant.js';
import { invoicesBetween } from './api.js';
import {
  buildHistory,
  chainOf,
  dateOfDay,
  extraDevice,
  type History,
  historyArb,
  reorderAppends,
  startDayOf,
} from './history.spec-helper.js';
import { type Invoice, serializeInvoice, toInvoiceJson } from './invoice.js';

const KNOWN = '2035-01-01T00:00:00Z';
// Each run prices about 30 invoices; 80 runs keep the file near ten seconds on two cores.
const RUNS = { numRuns: 80 };

/** Every invoice from the start date over 30 months. */
const invoicesOf = (history: History, events: Iterable<TallyEvent> = history.events, asKnownAt = KNOWN) => {
  const result = invoicesBetween(events, {
    orgId: 'acme',
    from: history.startDate,
    to: dateOfDay(startDayOf(history.spec) + 915),
    asKnownAt,
  });
  if (result._tag === 'Left') throw new Error(result.left.message);
  return result.right;
};

describe('billing properties', () => {
  test.prop([historyArb(['per-user']), fc.integer({ min: 0, max: 6 })], RUNS)(
    'the installments of a year sum to P × Q when Q does not change',
    (spec, q) => {
      // Q users back up before the start and never change; initialLicenses is Q too.
      const history = buildHistory({ ...spec, ordered: q, devices: [], cancelDay: null, renewed: false }, [
        ...Array.from({ length: q }, (_, i) => [
          {
            type: 'DeviceActivated' as const,
            atMs: (startDayOf(spec) - 20) * 86_400_000,
            data: { deviceId: `q${i}`, userId: `q${i}` },
          },
          {
            type: 'ArchiveCreated' as const,
            atMs: (startDayOf(spec) - 19) * 86_400_000,
            data: { archiveId: `qa${i}`, deviceId: `q${i}` },
          },
        ]).flat(),
      ]);
      const invoices = invoicesOf(history);
      expect(invoices).toHaveLength(12);
      const sum = invoices.reduce((total, invoice) => total + invoice.total, 0n);
      expect(sum).toBe(BigInt(spec.priceMinor) * BigInt(q));
    },
  );

  test.prop([historyArb(['yearly'])], RUNS)(
    'an overage line never exceeds the full-term price for its quantity',
    (spec) => {
      for (const invoice of invoicesOf(buildHistory(spec))) {
        for (const line of invoice.lines.filter((l) => l.kind === 'overage')) {
          const fullTerm = BigInt(line.quantity) * line.unitAmount;
          expect(line.amount <= fullTerm).toBe(true);
          // The unit is the full-term price per device of the first or the renewed term.
          const termPrices = [spec.priceMinor, spec.renewalPriceMinor ?? spec.priceMinor].map(
            (annual) => BigInt(annual) * BigInt(spec.termYears),
          );
          expect(termPrices).toContain(line.unitAmount);
        }
      }
    },
  );

  test.prop([historyArb(['yearly'])], RUNS)(
    'within a term the allocation never decreases: each overage raises it to the count that exceeded it',
    (spec) => {
      let allocation = 0;
      for (const invoice of invoicesOf(buildHistory(spec))) {
        for (const line of invoice.lines) {
          const { allocationBefore, allocationAfter, counted } = line.basis;
          if (line.kind === 'term') {
            allocation = line.quantity;
            expect(allocationAfter).toBe(line.quantity);
            expect(line.quantity).toBeGreaterThanOrEqual(1);
            continue;
          }
          expect(allocationBefore).toBe(allocation);
          expect(allocationAfter).toBe(allocation + line.quantity);
          expect(counted).toBe(allocationAfter);
          allocation = allocationAfter ?? Number.NaN;
        }
      }
    },
  );

  test.prop([historyArb()], RUNS)('every total is the sum of its lines and no line is negative', (spec) => {
    for (const invoice of invoicesOf(buildHistory(spec))) {
      const json = toInvoiceJson(invoice);
      const parse = (text: string) => {
        const parsed = parseMoney(text, json.currency);
        if (parsed._tag === 'Left') throw new Error(parsed.left);
        return parsed.right;
      };
      const sum = json.lines.reduce((total, line) => total + parse(line.amount), 0n);
      expect(parse(json.total)).toBe(sum);
      for (const line of json.lines) {
        expect(parse(line.amount) >= 0n).toBe(true);
        expect(parse(line.unitAmount) >= 0n).toBe(true);
        expect(line.quantity).toBeGreaterThan(0);
      }
    }
  });

  test.prop([historyArb(), fc.array(fc.integer(), { minLength: 64, maxLength: 64 })], RUNS)(
    'the same events give the same bytes, whatever order they were appended in',
    (spec, keys) => {
      const history = buildHistory(spec);
      const bytes = (events: readonly TallyEvent[]) => invoicesOf(history, events).map(serializeInvoice);
      const shuffled = reorderAppends(history.events, keys);
      const reference = bytes(history.events);
      expect(bytes(history.events)).toEqual(reference);
      expect(bytes(shuffled)).toEqual(reference);
    },
  );

  test.prop([historyArb(), fc.array(fc.integer(), { minLength: 64, maxLength: 64 })], RUNS)(
    'a different append order is a different interleaving of the same per-device histories',
    (spec, keys) => {
      const { events } = buildHistory(spec);
      const shuffled = reorderAppends(events, keys);
      expect([...shuffled].sort((a, b) => (a.eventId < b.eventId ? -1 : 1))).toEqual(events);
      expect(shuffled[0]?.type).toBe('OrganizationRegistered');
      const order = (list: readonly TallyEvent[], chain: string) =>
        list.filter(
          (e) => chainOf(e, new Map()) === chain || ('deviceId' in e.data && e.data.deviceId === chain),
        );
      for (const device of new Set(events.flatMap((e) => ('deviceId' in e.data ? [e.data.deviceId] : [])))) {
        expect(order(shuffled, device).filter((e) => e.type.startsWith('Device'))).toEqual(
          order(events, device).filter((e) => e.type.startsWith('Device')),
        );
      }
    },
  );

  test.prop([historyArb(), fc.integer({ min: -30, max: 900 })], RUNS)(
    'activating one more device never lowers any invoice',
    (spec, day) => {
      const base = invoicesOf(buildHistory(spec));
      const more = invoicesOf(buildHistory(spec, extraDevice(spec, day)));
      expect(more.map((i) => i.billingDate)).toEqual(base.map((i) => i.billingDate));
      more.forEach((invoice, i) => {
        expect(invoice.total >= (base[i] as Invoice).total).toBe(true);
      });
    },
  );

  test.prop(
    [historyArb(), fc.integer({ min: -70, max: 1000 }), fc.integer({ min: 0, max: 86_399_999 })],
    RUNS,
  )('as known at k is exactly the log holding only the events recorded by k', (spec, day, msOfDay) => {
    const history = buildHistory(spec);
    const k = new Date((startDayOf(spec) + day) * 86_400_000 + msOfDay).toISOString().replace('.000Z', 'Z');
    const kMs = instantToEpochMs(k);
    const known = history.events.filter((event) => instantToEpochMs(event.recordedAt) <= kMs);
    const run = (events: readonly TallyEvent[]) => {
      const result = invoicesBetween(events, {
        orgId: 'acme',
        from: history.startDate,
        to: dateOfDay(startDayOf(spec) + 915),
        asKnownAt: k,
      });
      return result._tag === 'Left' ? result.left : result.right.map(serializeInvoice);
    };
    expect(run(history.events)).toEqual(run(known));
  });
});
