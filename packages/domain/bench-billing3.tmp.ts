import { addMonthsClamped, compareDates, startOfDate, tallyInstant } from './src/calendar/index.js';
const time = (name: string, f: (i: number) => unknown) => { const a = performance.now(); for (let i = 0; i < 2000; i++) f(i); console.log(name, ((performance.now() - a) / 2000 * 1000).toFixed(1), 'us'); };
time('addMonths', (i) => addMonthsClamped('2024-01-31', i % 40));
time('compare', () => compareDates('2024-01-31', '2025-02-01'));
for (const z of ['UTC', 'America/Los_Angeles', 'Pacific/Auckland']) {
  time(`start ${z}`, (i) => startOfDate(addMonthsClamped('2024-01-31', i % 40), z));
  time(`tally ${z}`, (i) => tallyInstant(addMonthsClamped('2024-01-31', i % 40), z, 48, '2024-01-01T00:00:00Z'));
}
