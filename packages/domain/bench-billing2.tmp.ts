import { fc } from '@fast-check/vitest';
import { collectBillingFacts } from './src/billing/facts.js';
import { scheduleInvoices } from './src/billing/schedule.js';
import { priceInvoices } from './src/billing/pricing.js';
import { countsAt } from './src/counting/index.js';
import { buildHistory, dateOfDay, historyArb, startDayOf } from './src/billing/history.spec-helper.js';
const specs = fc.sample(historyArb(), { numRuns: 100, seed: 1 });
const hs = specs.map((s) => buildHistory(s));
const t = { facts: 0, sched: 0, counts: 0, price: 0 };
for (const h of hs) {
  let a = performance.now();
  const f = collectBillingFacts(h.events, { orgId: 'acme', asKnownAt: '2035-01-01T00:00:00Z' });
  t.facts += performance.now() - a; if (f._tag === 'Left') continue;
  a = performance.now();
  const s = scheduleInvoices(f.right, h.startDate, dateOfDay(startDayOf(h.spec) + 915)); t.sched += performance.now() - a;
  if (s._tag === 'Left') continue;
  a = performance.now();
  const c = countsAt(h.events, s.right.tallyInstants, { asKnownAt: '2035-01-01T00:00:00Z' }); t.counts += performance.now() - a;
  a = performance.now();
  priceInvoices(f.right, s.right, c); t.price += performance.now() - a;
}
console.log(t);
