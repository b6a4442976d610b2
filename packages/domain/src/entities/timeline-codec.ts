// An entity timeline as data and back, for snapshots (a command handler's state, a live
// projection's folds): the interned ids in their numbering order, the counters (non-finite ones,
// -Infinity before any event, as strings: JSON has no such numbers), and every number column
// as a Float64Array, which holds NaN (an archive not purged) and infinities exactly and which a
// store writes as bytes (the ledger's snapshot text: base64 of the bytes or of their deltas),
// far quicker to read back than a JSON list of millions of numbers. A traced timeline (explanations) is not snapshotted: its
// eventId lists are for one-off reads.
import { NumberColumn } from './number-column.js';
import { EntityTimeline } from './timeline.js';

/** The data form; `columns` holds every number column by its name: encoded as a Float64Array,
 * decoded from one or from a plain array (copied into the timeline's columns). */
export interface TimelineJson {
  readonly devices: readonly string[];
  readonly archives: readonly string[];
  readonly users: readonly string[];
  readonly scalars: Readonly<Record<string, number | string>>;
  readonly columns: Readonly<Record<string, Float64Array | number[]>>;
}

const SCALARS = [
  'latestMs',
  'latestRecordedMs',
  'activeDevices',
  'billableDevices',
  'licensesInUse',
  'licenseHolders',
  'changeCount',
] as const;

const IDS = ['devices', 'archives', 'users'] as const;

const encodeNumber = (value: number): number | string => (Number.isFinite(value) ? value : String(value));
const decodeNumber = (value: number | string, where: string): number => {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
  throw new RangeError(`timeline snapshot: ${where} is not a number: ${JSON.stringify(value)}`);
};

// The per-user counts, settled when read (accessors, not fields).
const SETTLED_COLUMNS = ['userActive', 'userRetained'] as const;

/** The column names of a timeline: every NumberColumn field, and the settled ones. */
function columnNames(timeline: EntityTimeline): string[] {
  return Object.entries(timeline)
    .filter(([, value]) => value instanceof NumberColumn)
    .map(([key]) => key)
    .concat(SETTLED_COLUMNS)
    .sort();
}

export function encodeTimeline(timeline: EntityTimeline): TimelineJson {
  if (timeline.changeEventIds !== undefined) {
    throw new RangeError('a traced timeline (traceEvents) is not snapshotted');
  }
  const source = timeline as unknown as Record<string, unknown>;
  const columns: Record<string, Float64Array> = {};
  for (const name of columnNames(timeline)) columns[name] = (source[name] as NumberColumn).toFloat64Array();
  const scalars: Record<string, number | string> = {};
  for (const name of SCALARS) scalars[name] = encodeNumber(timeline[name]);
  return {
    devices: timeline.devices.toArray(),
    archives: timeline.archives.toArray(),
    users: timeline.users.toArray(),
    scalars,
    columns,
  };
}

/** The timeline a snapshot describes; a RangeError names the first field that does not fit. */
export function decodeTimeline(json: TimelineJson): EntityTimeline {
  const timeline = new EntityTimeline();
  for (const kind of IDS) {
    const ids = json[kind];
    if (!Array.isArray(ids)) throw new RangeError(`timeline snapshot: ${kind} is not a list`);
    if (!ids.every((id) => typeof id === 'string'))
      throw new RangeError(`timeline snapshot: ${kind} holds a non-string id`);
    timeline[kind].addAll(ids);
  }
  const target = timeline as unknown as Record<string, unknown>;
  for (const name of SCALARS) {
    const value = json.scalars?.[name];
    if (value === undefined) throw new RangeError(`timeline snapshot: ${name} is missing`);
    target[name] = decodeNumber(value, name);
  }
  const expected = columnNames(timeline);
  const given = Object.keys(json.columns ?? {}).sort();
  if (expected.join() !== given.join()) {
    throw new RangeError(`timeline snapshot: columns ${given.join(', ')} are not ${expected.join(', ')}`);
  }
  for (const name of expected) {
    const values = json.columns[name];
    if (Array.isArray(values)) {
      for (let i = 0; i < values.length; i += 1) {
        if (typeof values[i] !== 'number')
          throw new RangeError(`timeline snapshot: column ${name} holds a non-number at ${i}`);
      }
    } else if (!(values instanceof Float64Array)) {
      throw new RangeError(`timeline snapshot: column ${name} is neither a Float64Array nor a list`);
    }
    target[name] = NumberColumn.from(values);
  }
  timeline.markSettled();
  return timeline;
}
