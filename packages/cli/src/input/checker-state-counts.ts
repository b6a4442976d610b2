// The counts at the tally instants read off the log checker's own state, so pass 2 of
// file-invoices.ts keeps one entity state instead of two (the checker's OrgState.entities and a
// snapshot counter's). This works while the organization's entity events come in occurredAt
// order and every one is visible (recordedAt <= asKnownAt): the counts at instant t are then the
// state after every event with occurredAt <= t, so each instant is read just before the first
// event after it is applied. The first event up to the last instant that breaks that (backdated,
// or recorded after asKnownAt yet applied by the checker) makes the counts `abandoned`; the
// caller then counts with createSnapshotCounter, which is right in any order.
import {
  type Counts,
  daysFromCivil,
  type EntityState,
  type Instant,
  instantToEpochMs,
  type TallyEvent,
} from '@tally/domain';

type Tally = Omit<Counts, 'at'>;

const NO_ENTITIES: Tally = { activeDevices: 0, billableDevices: 0, licensesInUse: 0, licenseHolders: 0 };

export class CheckerStateCounts {
  /** True once an event came that these counts cannot follow; they must not be used then. */
  abandoned = false;
  private readonly instantMs: readonly number[];
  /** The distinct instants in epoch ms, ascending. */
  private readonly boundaries: readonly number[];
  private readonly taken: Tally[] = [];
  private readonly knownAtMs: number;
  private readonly lastBoundary: number;
  /** The latest occurredAt of the org's entity events so far. */
  private latestMs = Number.NEGATIVE_INFINITY;
  private entities: Readonly<EntityState> | undefined;

  constructor(
    private readonly orgId: string,
    private readonly instants: readonly Instant[],
    asKnownAt: Instant,
  ) {
    this.instantMs = instants.map((instant) => instantMs(instant, 'tally instant'));
    this.boundaries = [...new Set(this.instantMs)].sort((a, b) => a - b);
    this.knownAtMs = instantMs(asKnownAt, 'asKnownAt');
    this.lastBoundary = this.boundaries.at(-1) ?? Number.NEGATIVE_INFINITY;
  }

  /** To be called with each checked event and its organization's entities just before the event
   * is applied to them. */
  beforeApply(entities: Readonly<EntityState>, event: TallyEvent): void {
    if (this.abandoned || event.orgId !== this.orgId || !changesEntities(event)) return;
    this.entities = entities;
    const ms = instantMs(event.occurredAt, 'occurredAt');
    if (ms > this.lastBoundary) {
      // Counted by no instant, whenever it was recorded: every instant is read before it.
      this.takeInstantsBefore(ms, entities);
      if (ms > this.latestMs) this.latestMs = ms;
      return;
    }
    // Backdated: the separate counter applies it before events that came earlier in the file,
    // and the lenient fold's answer depends on that order, not only on which instants see it.
    // Recorded late: the separate counter leaves it out, while the checker applies it.
    if (ms < this.latestMs || instantMs(event.recordedAt, 'recordedAt') > this.knownAtMs) {
      this.abandoned = true;
      return;
    }
    this.latestMs = ms;
    this.takeInstantsBefore(ms, entities);
  }

  /** Reads every instant not read yet that is before `ms` off the entities (before the event at
   * `ms` is applied to them). */
  private takeInstantsBefore(ms: number, entities: Readonly<EntityState>): void {
    const boundaries = this.boundaries;
    const taken = this.taken;
    while (taken.length < boundaries.length && (boundaries[taken.length] as number) < ms) {
      taken.push(tallyOf(entities));
    }
  }

  /** The counts at each instant given, in that order, once every line was checked. */
  result(): Counts[] {
    if (this.abandoned) throw new Error('CheckerStateCounts: abandoned counts have no result');
    const final = this.entities === undefined ? NO_ENTITIES : tallyOf(this.entities);
    const byMs = new Map<number, Tally>();
    this.boundaries.forEach((ms, index) => {
      byMs.set(ms, this.taken[index] ?? final);
    });
    return this.instants.map((at, index) => ({
      at,
      ...(byMs.get(this.instantMs[index] as number) as Tally),
    }));
  }
}

/** The events applyEntityEvent acts on; every other event leaves the four counters alone. */
function changesEntities(event: TallyEvent): boolean {
  switch (event.type) {
    case 'DeviceActivated':
    case 'DeviceReactivated':
    case 'DeviceDeactivated':
    case 'ArchiveCreated':
    case 'ArchivePurged':
      return true;
    default:
      return false;
  }
}

function tallyOf(entities: Readonly<EntityState>): Tally {
  return {
    activeDevices: entities.activeDevices,
    billableDevices: entities.billableDevices,
    licensesInUse: entities.licensesInUse,
    licenseHolders: entities.licenseHolders,
  };
}

/** Epoch ms of a checked (so canonical) instant. Whole seconds (`YYYY-MM-DDTHH:MM:SSZ`, nearly
 * every instant of a log) are read from char codes: the regex of instantToEpochMs, twice an
 * event, would cost more than the rest of this file. */
function instantMs(instant: Instant, what: string): number {
  if (instant.length === 20 && instant.charCodeAt(19) === 90 /* Z */) {
    const seconds = wholeSecondsMs(instant);
    if (seconds >= 0) return seconds;
  }
  const ms = instantToEpochMs(instant);
  if (Number.isNaN(ms)) throw new RangeError(`${what}: "${instant}" is not a canonical UTC instant`);
  return ms;
}

/** `YYYY-MM-DDTHH:MM:SSZ` in epoch ms, or -1 when a digit or separator is not where it should be
 * (instantToEpochMs then decides). */
function wholeSecondsMs(text: string): number {
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return -1;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 1970 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) return -1;
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000;
}

/** The number written by `count` digits from `start`, or -1 if one of them is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
