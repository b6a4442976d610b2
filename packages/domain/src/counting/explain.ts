// "Why 12?": the counts at one instant plus every device and user behind them, each with the
// event that made it count, so an auditor can check a number against the log.
//
// Read off the same entity timeline as every count (entities/timeline.ts), built with the
// eventIds of its status changes and archive creations; the counts come from the same sweep.
import type { EntityTimeline } from '../entities/timeline.js';
import { TimelineFold } from '../entities/timeline-fold.js';
import type { Instant, TallyEvent } from '../events/types.js';
import { epochMsToInstant } from '../time/instant.js';
import type { Counts, SnapshotOptions } from './counts.js';
import { parseInstant } from './parse-instant.js';
import { countsOfTimeline } from './snapshot-counter.js';

/** The event an explanation points at. */
export interface EventRef {
  eventId: string;
  occurredAt: Instant;
}

export interface CountedDevice {
  deviceId: string;
  userId: string;
  active: boolean;
  retainedArchiveIds: string[];
  /** What makes it billable now: while active, the activation or reactivation that made it
   * active; otherwise (cold storage) the creation of its earliest retained archive. */
  countedBy: EventRef;
}

export interface CountedUser {
  userId: string;
  licenseInUse: boolean;
  activeDeviceIds: string[];
  retainedArchiveIds: string[];
  /** What makes the user a license holder now: the creation of the user's earliest retained
   * archive, or without one the activation of the user's earliest active device. */
  countedBy: EventRef;
  /** The creation of the user's earliest retained archive; null when the user holds a license
   * only through an active device (no backup yet). */
  licenseInUseBy: EventRef | null;
}

export interface CountsExplanation {
  counts: Counts;
  /** Sorted by deviceId. */
  billableDevices: CountedDevice[];
  /** Sorted by userId. */
  licenseHolders: CountedUser[];
}

/** Who and what made the counts at `instant` as known at `options.asKnownAt`. Throws
 * InconsistentEventError at an event that does not fit the ones before it. */
export function explainCountsAt(
  events: Iterable<TallyEvent>,
  instant: Instant,
  options: SnapshotOptions = {},
): CountsExplanation {
  const atMs = parseInstant(instant, 'instant');
  const knownAtMs =
    options.asKnownAt === undefined
      ? Number.POSITIVE_INFINITY
      : parseInstant(options.asKnownAt, 'options.asKnownAt');
  const fold = new TimelineFold({ traceEvents: true });
  for (const event of events) fold.push(event);
  const [counts] = countsOfTimeline(fold.timeline, [instant], [atMs], knownAtMs) as [Counts];
  return { counts, ...countedEntities(fold.timeline, atMs, knownAtMs) };
}

/** A status change or creation that counts at the instant, ordered as replay applies them. */
interface Credit {
  readonly ref: EventRef;
  readonly ms: number;
  readonly order: number;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const earlier = (a: Credit | undefined, b: Credit): boolean =>
  a === undefined || b.ms < a.ms || (b.ms === a.ms && b.order < a.order);

function countedEntities(
  timeline: EntityTimeline,
  atMs: number,
  knownAtMs: number,
): Omit<CountsExplanation, 'counts'> {
  const changeIds = timeline.changeEventIds as string[];
  const creationIds = timeline.creationEventIds as string[];
  // The latest visible status change of each device, and each archive retained at the instant.
  const activatedBy = new Map<number, Credit>();
  const retainedOf = new Map<number, { archiveId: string; credit: Credit }[]>();
  for (let device = 0; device < timeline.devices.size; device++) {
    let change = timeline.deviceLastChange.get(device);
    while (
      change !== -1 &&
      (timeline.changeMs.get(change) > atMs || timeline.changeRecordedMs.get(change) > knownAtMs)
    ) {
      change = timeline.changePrevious.get(change);
    }
    if (change !== -1 && timeline.changeOn.get(change) === 1) {
      const ms = timeline.changeMs.get(change);
      activatedBy.set(device, { ref: ref(changeIds[change] as string, ms), ms, order: change });
    }
  }
  for (let archive = 0; archive < timeline.archives.size; archive++) {
    const createdMs = timeline.archiveCreatedMs.get(archive);
    if (createdMs > atMs || timeline.archiveCreatedRecordedMs.get(archive) > knownAtMs) continue;
    const purgedMs = timeline.archivePurgedMs.get(archive);
    if (purgedMs <= atMs && timeline.archivePurgedRecordedMs.get(archive) <= knownAtMs) continue;
    const device = timeline.archiveDevice.get(archive);
    const credit = { ref: ref(creationIds[archive] as string, createdMs), ms: createdMs, order: archive };
    const list = retainedOf.get(device) ?? [];
    list.push({ archiveId: timeline.archives.idOf(archive), credit });
    retainedOf.set(device, list);
  }

  const billableDevices: CountedDevice[] = [];
  const users = new Map<
    number,
    { active: string[]; archives: string[]; byArchive?: Credit; byDevice?: Credit }
  >();
  for (let device = 0; device < timeline.devices.size; device++) {
    const activation = activatedBy.get(device);
    const retained = retainedOf.get(device) ?? [];
    if (activation === undefined && retained.length === 0) continue;
    const owner = timeline.deviceOwner.get(device);
    const deviceId = timeline.devices.idOf(device);
    let firstArchive: Credit | undefined;
    for (const { credit } of retained) if (earlier(firstArchive, credit)) firstArchive = credit;
    billableDevices.push({
      deviceId,
      userId: timeline.users.idOf(owner),
      active: activation !== undefined,
      retainedArchiveIds: retained.map((entry) => entry.archiveId).sort(byId),
      countedBy: (activation ?? (firstArchive as Credit)).ref,
    });
    const user = users.get(owner) ?? { active: [], archives: [] };
    if (activation !== undefined) {
      user.active.push(deviceId);
      if (earlier(user.byDevice, activation)) user.byDevice = activation;
    }
    for (const { archiveId } of retained) user.archives.push(archiveId);
    if (firstArchive !== undefined && earlier(user.byArchive, firstArchive)) user.byArchive = firstArchive;
    users.set(owner, user);
  }
  const licenseHolders: CountedUser[] = [...users].map(([owner, user]) => ({
    userId: timeline.users.idOf(owner),
    licenseInUse: user.archives.length > 0,
    activeDeviceIds: user.active.sort(byId),
    retainedArchiveIds: user.archives.sort(byId),
    countedBy: (user.byArchive ?? (user.byDevice as Credit)).ref,
    licenseInUseBy: user.byArchive?.ref ?? null,
  }));
  billableDevices.sort((a, b) => byId(a.deviceId, b.deviceId));
  licenseHolders.sort((a, b) => byId(a.userId, b.userId));
  return { billableDevices, licenseHolders };
}

const ref = (eventId: string, ms: number): EventRef => ({ eventId, occurredAt: epochMsToInstant(ms) });
