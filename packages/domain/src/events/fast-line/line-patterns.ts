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

/** The patterns of every type, with `contents` the pattern of a string's contents. Captures: 1
 * eventId, 2 orgId, 3 occurredAt, 4 recordedAt, then the data's values in order. */
function linePatterns(contents: string): LinePatterns {
  const stringField = (key: string) => `"${key}":"${contents}"`;
  const oneOfField = (key: string, values: readonly string[]) => `"${key}":"(${values.join('|')})"`;
  const linePattern = (type: LineType, ...dataFields: string[]) => {
    const envelope = [
      `"type":"${type}"`,
      stringField('eventId'),
      stringField('orgId'),
      `"occurredAt":"${CANONICAL_INSTANT_SHAPE}"`,
      `"recordedAt":"${CANONICAL_INSTANT_SHAPE}"`,
    ];
    return new RegExp(`^\\{${envelope.join(',')},"data":\\{${dataFields.join(',')}\\}\\}$`);
  };
  return {
    DeviceActivated: linePattern('DeviceActivated', stringField('deviceId'), stringField('userId')),
    DeviceDeactivated: linePattern('DeviceDeactivated', stringField('deviceId')),
    DeviceReactivated: linePattern('DeviceReactivated', stringField('deviceId')),
    ArchiveCreated: linePattern('ArchiveCreated', stringField('archiveId'), stringField('deviceId')),
    ArchivePurged: linePattern(
      'ArchivePurged',
      stringField('archiveId'),
      oneOfField('reason', PURGE_REASONS),
    ),
    UserDeactivated: linePattern(
      'UserDeactivated',
      stringField('userId'),
      oneOfField('reason', USER_REASONS),
    ),
    /** A positive integer in plain digits (the reader checks it is a safe one), or null. */
    LicenseCapSet: linePattern('LicenseCapSet', '"cap":([1-9]\\d{0,15}|null)'),
    SubscriptionCanceled: linePattern('SubscriptionCanceled'),
  };
}

/** For a line of any characters. */
export const TEXT_PATTERNS = linePatterns(STRING_CONTENTS);

/** For a line of ASCII alone: every part of these patterns matches ASCII characters only, so a
 * line they match is all ASCII, and its bytes are its UTF-8 whichever way they were read. */
export const ASCII_PATTERNS = linePatterns(ASCII_STRING_CONTENTS);
