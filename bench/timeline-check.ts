// Is a generated log consistent in time? For every knowledge instant k, the events recorded by k,
// taken in occurredAt order (ties in stream order), must be a history the deciders could have
// written, entity by entity: no device activated twice, deactivated or given an archive while
// not active, or reactivated while active; no archive created twice, or purged before it was
// created or after it was purged; no user deactivated before any device of theirs was activated
// (the entity rules the deciders follow). And recordedAt must never decrease along the stream,
// event ids must be unique, and each organization's log must start with its registration. The
// stream order itself is not held to the entity rules: an archive recorded a month late for a
// device deactivated since is consistent in time.
//
// Exact and fast enough for a million events: recordedAt never decreases, so the events recorded
// by k are a prefix of the stream; the check grows that prefix one recordedAt at a time, keeps
// each entity's events sorted by occurredAt, and replays only the entities the new events touch.
import { instantToEpochMs, type TallyEvent } from '@tally/domain';

const DEVICE = 0;
const ARCHIVE = 1;
const USER = 2;
const KIND_NAMES = ['device', 'archive', 'user'];

// Entity states: 0 = not yet seen; device 1 active, 2 inactive; archive 1 retained, 2 purged;
// user 1 known. A step returns the next state, or -1 when the event cannot happen in this state.
function step(kind: number, state: number, type: TallyEvent['type']): number {
  if (kind === DEVICE) {
    switch (type) {
      case 'DeviceActivated':
        return state === 0 ? 1 : -1;
      case 'DeviceDeactivated':
        return state === 1 ? 2 : -1;
      case 'DeviceReactivated':
        return state === 2 ? 1 : -1;
      case 'ArchiveCreated':
        return state === 1 ? 1 : -1;
      default:
        return state;
    }
  }
  if (kind === ARCHIVE) {
    switch (type) {
      case 'ArchiveCreated':
        return state === 0 ? 1 : -1;
      case 'ArchivePurged':
        return state === 1 ? 2 : -1;
      default:
        return state;
    }
  }
  switch (type) {
    case 'DeviceActivated':
      return 1;
    case 'UserDeactivated':
      return state === 1 ? 1 : -1;
    default:
      return state;
  }
}

/** The entity ids an event is about, by kind (undefined: none of that kind). */
function idOf(event: TallyEvent, kind: number): string | undefined {
  switch (event.type) {
    case 'DeviceActivated':
      return kind === DEVICE ? event.data.deviceId : kind === USER ? event.data.userId : undefined;
    case 'DeviceDeactivated':
    case 'DeviceReactivated':
      return kind === DEVICE ? event.data.deviceId : undefined;
    case 'ArchiveCreated':
      return kind === ARCHIVE ? event.data.archiveId : kind === DEVICE ? event.data.deviceId : undefined;
    case 'ArchivePurged':
      return kind === ARCHIVE ? event.data.archiveId : undefined;
    case 'UserDeactivated':
      return kind === USER ? event.data.userId : undefined;
    default:
      return undefined;
  }
}

interface Timeline {
  readonly kind: number;
  readonly id: string;
  /** Stream indices of the entity's events recorded so far, by (occurredAt, stream index). */
  readonly items: number[];
  /** The last group that touched it. */
  group: number;
}

const where = (index: number, event: TallyEvent) => `event ${index} (${event.type} ${event.eventId})`;

/** Why `events` (in stream order) is not consistent in time, or undefined when it is. */
export function findTimelineProblem(events: readonly TallyEvent[]): string | undefined {
  const n = events.length;
  const occurred = new Float64Array(n);
  const recorded = new Float64Array(n);
  const ids = new Set<string>();
  // Per organization: its registration's occurredAt.
  const registered = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const event = events[i] as TallyEvent;
    occurred[i] = instantToEpochMs(event.occurredAt);
    recorded[i] = instantToEpochMs(event.recordedAt);
    if (Number.isNaN(occurred[i]) || Number.isNaN(recorded[i]))
      return `${where(i, event)}: not a canonical instant`;
    if (i > 0 && (recorded[i] as number) < (recorded[i - 1] as number)) {
      return `${where(i, event)}: recordedAt ${event.recordedAt} is before the previous event's ${events[i - 1]?.recordedAt}`;
    }
    if (ids.has(event.eventId)) return `${where(i, event)}: event id repeated`;
    ids.add(event.eventId);
    const registeredAt = registered.get(event.orgId);
    if (event.type === 'OrganizationRegistered') {
      if (registeredAt !== undefined)
        return `${where(i, event)}: organization ${event.orgId} registered twice`;
      registered.set(event.orgId, occurred[i] as number);
    } else if (registeredAt === undefined) {
      return `${where(i, event)}: comes before the registration of ${event.orgId}`;
    } else if ((occurred[i] as number) < registeredAt) {
      return `${where(i, event)}: occurred before the registration of ${event.orgId}`;
    }
  }
  ids.clear();

  // Per organization, one map of timelines per kind, keyed by the entity id.
  const timelines = new Map<string, Map<string, Timeline>[]>();
  const touched: Timeline[] = [];
  let group = 0;
  for (let start = 0; start < n; group++) {
    let end = start;
    while (end < n && recorded[end] === recorded[start]) end++;
    // The events recorded at this instant join their entities' timelines.
    for (let i = start; i < end; i++) {
      const event = events[i] as TallyEvent;
      let maps = timelines.get(event.orgId);
      if (maps === undefined) {
        maps = [new Map(), new Map(), new Map()];
        timelines.set(event.orgId, maps);
      }
      for (let kind = DEVICE; kind <= USER; kind++) {
        const id = idOf(event, kind);
        if (id === undefined) continue;
        const ofKind = maps[kind] as Map<string, Timeline>;
        let timeline = ofKind.get(id);
        if (timeline === undefined) {
          timeline = { kind, id, items: [], group: -1 };
          ofKind.set(id, timeline);
        }
        // After every item that occurred at or before it (ties: stream order; i is the largest index).
        const items = timeline.items;
        let lo = 0;
        let hi = items.length;
        const at = occurred[i] as number;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((occurred[items[mid] as number] as number) <= at) lo = mid + 1;
          else hi = mid;
        }
        items.splice(lo, 0, i);
        if (timeline.group !== group) {
          timeline.group = group;
          touched.push(timeline);
        }
      }
    }
    // As known at this instant: replay each touched entity in occurredAt order.
    for (const timeline of touched) {
      let state = 0;
      for (const index of timeline.items) {
        const event = events[index] as TallyEvent;
        state = step(timeline.kind, state, event.type);
        if (state < 0) {
          return `as known at ${events[start]?.recordedAt}: ${KIND_NAMES[timeline.kind]} ${timeline.id} (org ${event.orgId}) cannot take ${where(index, event)} (occurred ${event.occurredAt}) in occurredAt order`;
        }
      }
    }
    touched.length = 0;
    start = end;
  }
  return undefined;
}
