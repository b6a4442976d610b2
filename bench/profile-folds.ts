// A profiling aid for cases 1, 2 and 6, without the rest of the run:
//   node --cpu-prof --max-old-space-size=6144 --max-semi-space-size=64 --import tsx \
//     bench/profile-folds.ts [--events 1000000] [--runs 5] [--only count|snapshots|emmett]
// Generates and decodes the bench organization once, then times the chosen cases (medians).
import { createLogDecoder, serializeEvent, type TallyEvent } from '@tally/domain';
import { emmettCase, foldCase, snapshotsCase } from './fold-cases.js';
import { generateOrg } from './generate.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = argv.indexOf(name);
  return at >= 0 ? (argv[at + 1] ?? fallback) : fallback;
};
const events = Number(option('--events', '1000000'));
const runs = Number(option('--runs', '5'));
const only = option('--only', 'all');

function decodeAll(log: readonly TallyEvent[]): TallyEvent[] {
  const decoder = createLogDecoder();
  return log.map((event, index) => {
    const decoded = decoder.decodeLine(serializeEvent(event), index + 1);
    if (decoded._tag === 'Left') throw new Error(decoded.left.message);
    return decoded.right;
  });
}

async function main(): Promise<void> {
  const generated = generateOrg({
    seed: 20_260_307,
    devices: events / 10,
    events,
    startDate: '2024-01-01',
  });
  const org = { ...generated, events: decodeAll(generated.events) };
  const show = (row: { name: string; value: number | null; baseline: number | null; ratio: number | null }) =>
    console.log(
      `${row.name}: ${row.value?.toFixed(1)} vs ${row.baseline?.toFixed(1)} -> ratio ${row.ratio?.toFixed(2)}`,
    );
  if (only === 'all' || only === 'count') show(await foldCase(org, runs));
  if (only === 'all' || only === 'snapshots') show(await snapshotsCase(org, runs));
  if (only === 'all' || only === 'emmett') show(await emmettCase(org, runs));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
