// The lines the fast path reads, one regular expression per event type: the line exactly as
// serializeEvent writes that type (encode.ts: no whitespace, the envelope's keys and then the
// data's in wire order, docs/wire-format.md), each value captured. A regular expression runs as
// native code, several times faster than JSON.parse or a loop over the characters in
// JavaScript. What a pattern leaves to code: string values (escapes, emptiness) and whether an
// instant's date exists.
import type { ArchivePurgeReason, UserDeactivationReason } from '../types.js';
import { STRING_CONTENTS } from './json-string.js';

export const PURGE_REASONS: readonly ArchivePurgeReason[] = [
  'cold-storage-purge',
  'retention-expired',
  'deactivation',
  'canceled',
  'ineligible',
];
export const USER_REASONS: readonly UserDeactivationReason[] = ['canceled', 'ineligible', 'admin'];

/** The shape of a canonical instant (the calendar is checked in code): whole seconds, or a
 * fraction of 1 to 3 digits not ending in 0. */
const INSTANT = '(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{0,2}[1-9])?Z)';

const stringField = (key: string) => `"${key}":"${STRING_CONTENTS}"`;
const oneOfField = (key: string, values: readonly string[]) => `"${key}":"(${values.join('|')})"`;

/** Captures: 1 eventId, 2 orgId, 3 occurredAt, 4 recordedAt, then the data's values in order. */
function linePattern(type: string, ...dataFields: string[]): RegExp {
  const envelope = [
    `"type":"${type}"`,
    stringField('eventId'),
    stringField('orgId'),
    `"occurredAt":"${INSTANT}"`,
    `"recordedAt":"${INSTANT}"`,
  ];
  return new RegExp(`^\\{${envelope.join(',')},"data":\\{${dataFields.join(',')}\\}\\}$`);
}

export const DEVICE_ACTIVATED = linePattern(
  'DeviceActivated',
  stringField('deviceId'),
  stringField('userId'),
);
export const DEVICE_DEACTIVATED = linePattern('DeviceDeactivated', stringField('deviceId'));
export const DEVICE_REACTIVATED = linePattern('DeviceReactivated', stringField('deviceId'));
export const ARCHIVE_CREATED = linePattern(
  'ArchiveCreated',
  stringField('archiveId'),
  stringField('deviceId'),
);
export const ARCHIVE_PURGED = linePattern(
  'ArchivePurged',
  stringField('archiveId'),
  oneOfField('reason', PURGE_REASONS),
);
export const USER_DEACTIVATED = linePattern(
  'UserDeactivated',
  stringField('userId'),
  oneOfField('reason', USER_REASONS),
);
/** A positive integer in plain digits (the reader checks it is a safe one), or null. */
export const LICENSE_CAP_SET = linePattern('LicenseCapSet', '"cap":([1-9]\\d{0,15}|null)');
export const SUBSCRIPTION_CANCELED = linePattern('SubscriptionCanceled');
