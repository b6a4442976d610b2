// Timing: warm both sides up, then alternate them run by run (a loaded machine slows both
// alike) and compare medians.

export interface Comparison {
  readonly tallyMs: number;
  readonly baselineMs: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function timeOnce(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export async function compare(
  tally: () => unknown,
  baseline: () => unknown,
  runs: number,
): Promise<Comparison> {
  await tally();
  await baseline();
  const tallyTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs right after a collection.
    if (i % 2 === 0) {
      tallyTimes.push(await timeOnce(tally));
      baselineTimes.push(await timeOnce(baseline));
    } else {
      baselineTimes.push(await timeOnce(baseline));
      tallyTimes.push(await timeOnce(tally));
    }
  }
  return { tallyMs: median(tallyTimes), baselineMs: median(baselineTimes) };
}

export async function timeMedian(run: () => unknown, runs: number): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeOnce(run));
  return median(times);
}
