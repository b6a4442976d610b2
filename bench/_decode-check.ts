import { createLogDecoder, serializeEvent } from '@tally/domain';
import { generateOrg } from './generate.js';
const org = generateOrg({ seed: 1, devices: 10_000, events: 100_000, startDate: '2024-01-01' });
const lines = org.events.map((e) => serializeEvent(e));
for (let r = 0; r < 3; r++) {
  const d = createLogDecoder();
  let t = performance.now();
  lines.forEach((l, i) => d.decodeLine(l, i + 1));
  console.log('decode', performance.now() - t);
  t = performance.now();
  lines.forEach((l) => JSON.parse(l));
  console.log('parse', performance.now() - t);
}
