import { countAt, countsAt, instantToEpochMs, replayEntities } from '@tally/domain';
import { generateOrg } from './generate.js';
import { handCountBillable } from './hand-loop.js';

const n = Number(process.argv[2] ?? 1e6);
const org0 = generateOrg({ seed: 42, devices: n / 10, events: n, startDate: '2024-01-01' });
const org = { ...org0, events: org0.events.map((e) => JSON.parse(JSON.stringify(e))) };
org0.events.length = 0;
const instants = Array.from({ length: 32 }, (_, i) =>
  new Date(Date.UTC(2024, i * 0.75, 20)).toISOString().replace('.000', ''),
);
const time = (name: string, f: () => unknown) => {
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const v = f();
    console.log(name, (performance.now() - t).toFixed(0), JSON.stringify(v).slice(0, 120));
  }
};
if (process.env.ONLY !== 'count')
  time('hand', () => handCountBillable(org.events, instantToEpochMs(org.endInstant)));
if (process.env.ONLY !== 'hand' && process.env.ONLY !== 'x')
  time('countAt', () => countAt(org.events, org.endInstant).billableDevices);
if (!process.env.ONLY) time('replayEntities', () => replayEntities(org.events).billableDevices);
if (!process.env.ONLY) time('countsAt32', () => countsAt(org.events, instants).map((c) => c.billableDevices));
