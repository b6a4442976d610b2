import { fc } from '@fast-check/vitest';
import { invoicesBetween } from '/work/main/packages/domain/src/billing/api.js';
import { buildHistory, dateOfDay, historyArb, startDayOf } from '/work/main/packages/domain/src/billing/history.spec-helper.js';
const specs = fc.sample(historyArb(), { numRuns: 100, seed: 1 });
const t0 = performance.now();
let n = 0;
for (const spec of specs) {
  const h = buildHistory(spec);
  const r = invoicesBetween(h.events, { orgId: 'acme', from: h.startDate, to: dateOfDay(startDayOf(spec) + 915), asKnownAt: '2035-01-01T00:00:00Z' });
  if (r._tag === 'Right') n += r.right.length;
}
console.log(n, 'invoices', (performance.now() - t0).toFixed(0), 'ms');
