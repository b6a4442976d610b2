// An entity timeline as plain JSON and back, for snapshots (a command handler's state, a live
// projection's folds): the interned ids in their numbering order, the counters, and every
// column. Non-finite numbers (NaN for an archive not purged, -Infinity before any event) are
// written as strings, since JSON has no such numbers. A traced timeline (explanations) is not
// snapshotted: its eventId lists are for one-off reads.
import { EntityTimeline } from './timeline.js';

/** The JSON form; `columns` holds every number column by its name. */
export interface TimelineJson {
  readonly devices: readonly string[];
  readonly archives: readonly string[];
  readonly users: readonly string[];
  readonly scalars: Readonly<Record<string, number | string>>;
  readonly columns: Readonly<Record<string, readonly (number | string)[]>>;
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
const NOT_COLUMNS = new Set(['changeEventIds', 'creationEventIds']);

const encodeNumber = (value: number): number | string => (Number.isFinite(value) ? value : String(value));
const decodeNumber = (value: number | string, where: string): number => {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
  throw new RangeError(`timeline snapshot: ${where} is not a number: ${JSON.stringify(value)}`);
};

/** The column names of a timeline: every array field but the ids and the trace lists. */
function columnNames(timeline: EntityTimeline): string[] {
  return Object.entries(timeline)
    .filter(([key, value]) => Array.isArray(value) && !NOT_COLUMNS.has(key))
    .map(([key]) => key)
    .sort();
}

export function encodeTimeline(timeline: EntityTimeline): TimelineJson {
  if (timeline.changeEventIds !== undefined) {
    throw new RangeError('a traced timeline (traceEvents) is not snapshotted');
  }
  const source = timeline as unknown as Record<string, unknown>;
  const columns: Record<string, (number | string)[]> = {};
  for (const name of columnNames(timeline)) {
    const values = source[name] as number[];
    const out = new Array<number | string>(values.length);
    for (let i = 0; i < values.length; i += 1) out[i] = encodeNumber(values[i] as number);
    columns[name] = out;
  }
  const scalars: Record<string, number | string> = {};
  for (const name of SCALARS) scalars[name] = encodeNumber(timeline[name]);
  return {
    devices: timeline.devices.ids.slice(),
    archives: timeline.archives.ids.slice(),
    users: timeline.users.ids.slice(),
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
    for (const id of ids) timeline[kind].add(String(id));
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
    const values = json.columns[name] as readonly (number | string)[];
    const out = new Array<number>(values.length);
    for (let i = 0; i < values.length; i += 1) {
      const value = values[i] as number | string;
      out[i] = typeof value === 'number' ? value : decodeNumber(value, `${name}[${i}]`);
    }
    target[name] = out;
  }
  return timeline;
}
