import { fc } from '@fast-check/vitest';
import { countsAt } from './src/counting/index.js';
import { buildHistory, historyArb, reorderAppends, dateOfDay, startDayOf } from './src/billing/history.spec-helper.js';
import { collectBillingFacts } from './src/billing/facts.js';
import { scheduleInvoices } from './src/billing/schedule.js';
const check = (spec: any, keys: number[]) => {
    const h = buildHistory(spec);
    const f = collectBillingFacts(h.events, { orgId: 'acme', asKnownAt: '2035-01-01T00:00:00Z' });
    if (f._tag === 'Left') return { ok: true };
    const s = scheduleInvoices(f.right, h.startDate, dateOfDay(startDayOf(spec) + 915));
    if (s._tag === 'Left') return { ok: true };
    const shuffled = reorderAppends(h.events, keys);
    const a = countsAt(h.events, s.right.tallyInstants);
    const b = countsAt(shuffled, s.right.tallyInstants);
    return { ok: JSON.stringify(a) === JSON.stringify(b), a, b, shuffled, h };
};
const r = fc.check(fc.property(historyArb(), fc.array(fc.integer(), { minLength: 64, maxLength: 64 }), (spec, keys) => check(spec, keys).ok), { numRuns: 500, seed: 7 });
if (r.failed) {
  const [spec, keys] = r.counterexample as [any, number[]];
  const { a, b, shuffled, h } = check(spec, keys) as any;
  console.log('ORIGINAL'); console.log(h.events.map((e: any) => `${e.type} ${e.occurredAt} ${JSON.stringify(e.data).slice(0, 50)}`).join('\n'));
  console.log('SHUFFLED'); console.log(shuffled.map((e: any) => `${e.type} ${e.occurredAt} ${JSON.stringify(e.data).slice(0, 50)}`).join('\n'));
  a.forEach((c: any, i: number) => { if (JSON.stringify(c) !== JSON.stringify(b[i])) console.log('DIFF', JSON.stringify(c), JSON.stringify(b[i])); });
} else console.log('ok');
