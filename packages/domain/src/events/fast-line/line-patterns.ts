// The lines the fast path reads, one regular expression per event type: the line exactly as
// serializeEvent writes that type (encode.ts: no whitespace, the envelope's keys and then the
// data's in wire order, docs/wire-format.md), each value captured. A regular expression runs as
// native code, several times faster than JSON.parse or a loop over the characters in
// JavaScript. What a pattern leaves to code: string values (escapes, emptiness) and whether an
// instant's day exists in its month (canonical-instant.ts).
import type { ArchivePurgeReason, UserDeactivationReason } from '../types.js';
import { CANONICAL_INSTANT_SHAPE } from './canonical-instant.js';
import { ASCII_STRING_CONTENTS, STRING_CONTENTS } from './json-string.js';

export const PURGE_REASONS: readonly ArchivePurgeReason[] = [
  'cold-storage-purge',
  'retention-expired',
  'deactivation',
  'canceled',
  'ineligible',
];
export const USER_REASONS: readonly UserDeactivationReason[] = ['canceled', 'ineligible', 'admin'];

/** The types the fast path reads. */
export type LineType =
  | 'DeviceActivated'
  | 'DeviceDeactivated'
  | 'DeviceReactivated'
  | 'ArchiveCreated'
  | 'ArchivePurged'
  | 'UserDeactivated'
  | 'LicenseCapSet'
  | 'SubscriptionCanceled';

export type LinePatterns = Readonly<Record<LineType, RegExp>>;

/** A line's pattern in the canonical key order, and where its captures are: `captures[i]` is
 * the group holding what the wire pattern's group i holds (the same values, in another order). */
export interface CanonicalPattern {
  readonly pattern: RegExp;
  readonly captures: readonly number[];
}

export type CanonicalPatterns = Readonly<Record<LineType, CanonicalPattern>>;

/** A member of a line's pattern: its key and the pattern of its value (one capture). */
type Field = readonly [key: string, value: string];

/** The members of each type's line, in serializeEvent's order, with `contents` the pattern of a
 * string's contents: the envelope's, then the data's. Each value is one capture, so the wire
 * pattern's captures are 1 eventId, 2 orgId, 3 occurredAt, 4 recordedAt, then the data's values
 * in order. */
function lineFields(contents: string): Readonly<Record<LineType, { envelope: Field[]; data: Field[] }>> {
  const stringField = (key: string): Field => [key, `"${contents}"`];
  const oneOfField = (key: string, values: readonly string[]): Field => [key, `"(${values.join('|')})"`];
  const of = (type: LineType, ...data: Field[]) => ({
    envelope: [
      ['type', `"${type}"`] as Field,
      stringField('eventId'),
      stringField('orgId'),
      ['occurredAt', `"${CANONICAL_INSTANT_SHAPE}"`] as Field,
      ['recordedAt', `"${CANONICAL_INSTANT_SHAPE}"`] as Field,
    ],
    data,
  });
  return {
    DeviceActivated: of('DeviceActivated', stringField('deviceId'), stringField('userId')),
    DeviceDeactivated: of('DeviceDeactivated', stringField('deviceId')),
    DeviceReactivated: of('DeviceReactivated', stringField('deviceId')),
    ArchiveCreated: of('ArchiveCreated', stringField('archiveId'), stringField('deviceId')),
    ArchivePurged: of('ArchivePurged', stringField('archiveId'), oneOfField('reason', PURGE_REASONS)),
    UserDeactivated: of('UserDeactivated', stringField('userId'), oneOfField('reason', USER_REASONS)),
    /** A positive integer in plain digits (the reader checks it is a safe one), or null. */
    LicenseCapSet: of('LicenseCapSet', ['cap', '([1-9]\\d{0,15}|null)']),
    SubscriptionCanceled: of('SubscriptionCanceled'),
  };
}

const member = ([key, value]: Field) => `"${key}":${value}`;
const objectOf = (members: readonly string[]) => `\\{${members.join(',')}\\}`;
const TYPES = Object.keys(lineFields('')) as LineType[];

/** A record of `make(type)` for every type. */
function byType<T>(make: (type: LineType) => T): Record<LineType, T> {
  const record = {} as Record<LineType, T>;
  for (const type of TYPES) record[type] = make(type);
  return record;
}

/** The patterns of every type in serializeEvent's order: the envelope, then `data` last. */
function linePatterns(contents: string): LinePatterns {
  const fields = lineFields(contents);
  return byType((type) => {
    const { envelope, data } = fields[type];
    const members = [...envelope.map(member), `"data":${objectOf(data.map(member))}`];
    return new RegExp(`^${objectOf(members)}$`);
  });
}

/** The patterns of every type in the canonical order (RFC 8785: keys sorted, as canonicalJson
 * writes a sealed export's events): the same members, sorted, the data's too. */
function canonicalPatterns(contents: string): CanonicalPatterns {
  const fields = lineFields(contents);
  const byKey = (a: Field, b: Field) => (a[0] < b[0] ? -1 : 1);
  return byType((type) => {
    const { envelope, data } = fields[type];
    const wire = [...envelope.slice(1), ...data];
    const sortedData = [...data].sort(byKey);
    const dataObject = objectOf(sortedData.map(member));
    const sorted = [['data', dataObject] as Field, ...envelope].sort(byKey);
    // The groups in the order the canonical line holds them: the data's, then the envelope's.
    const order = sorted.flatMap((field) =>
      field[0] === 'data' ? sortedData : field[0] === 'type' ? [] : [field],
    );
    const captures = [0, ...wire.map((field) => order.indexOf(field) + 1)];
    return { pattern: new RegExp(`^${objectOf(sorted.map(member))}$`), captures };
  });
}

/** For a line of any characters. */
export const TEXT_PATTERNS = linePatterns(STRING_CONTENTS);

/** For a line of ASCII alone: every part of these patterns matches ASCII characters only, so a
 * line they match is all ASCII, and its bytes are its UTF-8 whichever way they were read. */
export const ASCII_PATTERNS = linePatterns(ASCII_STRING_CONTENTS);

/** The canonical patterns, for a line of any characters and for ASCII alone. */
export const CANONICAL_TEXT_PATTERNS = canonicalPatterns(STRING_CONTENTS);
export const CANONICAL_ASCII_PATTERNS = canonicalPatterns(ASCII_STRING_CONTENTS);
