// The counts after each instant at which an organization's entities changed, recorded while a
// file is replayed once, so that the counts at the tally instants can be read afterwards, when
// the billing facts (which may come anywhere in the file) have said which instants those are.
//
// This answers as countsAt would only while the organization's entity events come in occurredAt
// order and are visible (recordedAt <= asKnownAt): the counts at t are then the state after
// every event with occurredAt <= t. Every event that breaks that (backdated, or recorded after
// asKnownAt) is remembered by its occurredAt; if one is at or before the last instant asked
// for, `countsAt` answers undefined and the caller counts with createSnapshotCounter instead,
// which is right in any order. Events after the last instant count for no instant and may
// break the order freely.
import type { Counts, Instant } from '@tally/domain';
import type { EntityCounts } from './flat-entities.js';
import { grownTo } from './id-interner.js';
import { instantMs } from './instant-ms.js';

const INITIAL_STEPS = 1 << 12;
const COUNTS_PER_STEP = 4;

export class CountsTimeline {
  private readonly knownAtMs: number;
  /** occurredAt (epoch ms) of each step, and the four counts after it. */
  private stepMs = new Float64Array(INITIAL_STEPS);
  private stepCounts = new Int32Array(INITIAL_STEPS * COUNTS_PER_STEP);
  private steps = 0;
  private latestMs = Number.NEGATIVE_INFINITY;
  /** The earliest occurredAt of an event out of order or recorded after asKnownAt. */
  private earliestBreakMs = Number.POSITIVE_INFINITY;

  constructor(asKnownAt: Instant) {
    this.knownAtMs = instantMs(asKnownAt, 'asKnownAt');
  }

  /** Records the counts just after an entity event that occurred at `occurredMs` was applied. */
  record(occurredMs: number, recordedMs: number, counts: EntityCounts): void {
    if ((occurredMs < this.latestMs || recordedMs > this.knownAtMs) && occurredMs < this.earliestBreakMs) {
      this.earliestBreakMs = occurredMs;
    }
    // Late events count too: an event after one of them in the file is out of order.
    if (occurredMs > this.latestMs) this.latestMs = occurredMs;
    let step = this.steps;
    // Events of one instant make one step: only the counts after the last of them matter.
    if (step > 0 && this.stepMs[step - 1] === occurredMs) step -= 1;
    else this.makeRoom();
    this.stepMs[step] = occurredMs;
    const at = step * COUNTS_PER_STEP;
    this.stepCounts[at] = counts.activeDevices;
    this.stepCounts[at + 1] = counts.billableDevices;
    this.stepCounts[at + 2] = counts.licensesInUse;
    this.stepCounts[at + 3] = counts.licenseHolders;
    this.steps = step + 1;
  }

  /** The counts at each instant, in the order given; undefined when an event out of order or
   * recorded late is at or before the last of them. */
  countsAt(instants: readonly Instant[]): Counts[] | undefined {
    const wanted = instants.map((at, index) => ({ at, index, ms: instantMs(at, 'tally instant') }));
    const lastMs = Math.max(...wanted.map(({ ms }) => ms));
    if (this.earliestBreakMs <= lastMs) return undefined;
    const counts: Counts[] = new Array(instants.length);
    // Steps up to the last instant are in order and come before any later one: one walk.
    let step = 0;
    for (const { at, index, ms } of wanted.sort((a, b) => a.ms - b.ms)) {
      while (step < this.steps && (this.stepMs[step] as number) <= ms) step += 1;
      counts[index] = { at, ...this.countsAfter(step - 1) };
    }
    return counts;
  }

  /** The counts after step `step` (none before the first). */
  private countsAfter(step: number): Omit<Counts, 'at'> {
    if (step < 0) return { activeDevices: 0, billableDevices: 0, licensesInUse: 0, licenseHolders: 0 };
    const at = step * COUNTS_PER_STEP;
    const counts = this.stepCounts;
    return {
      activeDevices: counts[at] as number,
      billableDevices: counts[at + 1] as number,
      licensesInUse: counts[at + 2] as number,
      licenseHolders: counts[at + 3] as number,
    };
  }

  private makeRoom(): void {
    if (this.steps < this.stepMs.length) return;
    this.stepMs = grownTo(this.stepMs, this.stepMs.length * 2);
    this.stepCounts = grownTo(this.stepCounts, this.stepCounts.length * 2);
  }
}
