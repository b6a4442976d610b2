// The fast path of decoding a line. Most lines of a large log are device and archive events,
// and JSON.parse plus the codecs cost several microseconds each. This reads a line spelled
// exactly as serializeEvent spells a device, archive, UserDeactivated, LicenseCapSet or
// SubscriptionCanceled event (line-patterns.ts), with any string values (escapes included) and
// canonical instants (whole seconds or milliseconds), and builds the event the codecs would
// build. Anything else gives undefined: the line then goes through JSON.parse and the codecs
// (whose own fast path, fast-decode.ts, takes the same events in any key order or spacing),
// which decide every error and every other spelling. A string that is not Unicode text (a lone
// surrogate, raw or escaped) is left to them too: they refuse it (unicode-text.ts). The property tests hold the paths equal
// wherever this answers, and hold that it answers for every serialized event of these types.
import type { TallyEvent } from '../types.js';
import { loneSurrogateAt } from '../unicode-text.js';
import { isCanonicalInstantFast } from './canonical-instant.js';
import { stringValue } from './json-string.js';
import {
  ARCHIVE_CREATED,
  ARCHIVE_PURGED,
  DEVICE_ACTIVATED,
  DEVICE_DEACTIVATED,
  DEVICE_REACTIVATED,
  LICENSE_CAP_SET,
  PURGE_REASONS,
  SUBSCRIPTION_CANCELED,
  USER_DEACTIVATED,
  USER_REASONS,
} from './line-patterns.js';

/** Where the type name starts: after `{"type":"`. */
const TYPE_AT = 9;

/** The pattern of the type the line names, judged by a letter or two (the pattern checks the
 * whole name). */
function patternOf(line: string): RegExp | undefined {
  switch (line.charCodeAt(TYPE_AT)) {
    case 0x44: // Device...
      switch (line.charCodeAt(TYPE_AT + 6)) {
        case 0x41:
          return DEVICE_ACTIVATED;
        case 0x44:
          return DEVICE_DEACTIVATED;
        case 0x52:
          return DEVICE_REACTIVATED;
        default:
          return undefined;
      }
    case 0x41: // Archive...
      return line.charCodeAt(TYPE_AT + 7) === 0x43 ? ARCHIVE_CREATED : ARCHIVE_PURGED;
    case 0x55:
      return USER_DEACTIVATED;
    case 0x4c:
      return LICENSE_CAP_SET;
    case 0x53:
      return SUBSCRIPTION_CANCELED;
    default:
      return undefined;
  }
}

/** The value of a captured id, or undefined when it is empty (ids are non-empty strings) or an
 * escape made a lone surrogate (the line's own characters are checked whole, in `read`). */
function idOf(contents: string | undefined): string | undefined {
  if (contents === undefined || contents === '') return undefined;
  const value = stringValue(contents);
  return value === contents || loneSurrogateAt(value) < 0 ? value : undefined;
}

/** The one of `known` equal to `value`. */
function knownOf<T extends string>(known: readonly T[], value: string | undefined): T | undefined {
  for (const name of known) if (name === value) return name;
  return undefined;
}

/** Reads lines one at a time; keeps the last orgId, so the events of one organization share it. */
export class EventLineReader {
  private lastOrgId = '';

  /** The event `line` decodes to, or undefined when the codecs must decide. The event's strings
   * may be slices of `line`. `fromUtf8`: the line was decoded from strict UTF-8, so it holds no
   * lone surrogate of its own and need not be searched for one. */
  read(line: string, fromUtf8 = false): TallyEvent | undefined {
    if (!fromUtf8 && loneSurrogateAt(line) >= 0) return undefined;
    const pattern = patternOf(line);
    const match = pattern === undefined ? null : pattern.exec(line);
    if (match === null) return undefined;
    const eventId = idOf(match[1]);
    const orgId = this.orgIdOf(match[2]);
    const occurredAt = match[3] as string;
    const recordedAt = match[4] as string;
    if (
      eventId === undefined ||
      orgId === undefined ||
      !isCanonicalInstantFast(occurredAt) ||
      !isCanonicalInstantFast(recordedAt)
    ) {
      return undefined;
    }
    // Objects in the codecs' key order, so both paths give events of one shape.
    switch (pattern) {
      case DEVICE_ACTIVATED: {
        const deviceId = idOf(match[5]);
        const userId = idOf(match[6]);
        if (deviceId === undefined || userId === undefined) return undefined;
        return {
          type: 'DeviceActivated',
          eventId,
          orgId,
          occurredAt,
          recordedAt,
          data: { deviceId, userId },
        };
      }
      case DEVICE_DEACTIVATED:
      case DEVICE_REACTIVATED: {
        const deviceId = idOf(match[5]);
        if (deviceId === undefined) return undefined;
        const type = pattern === DEVICE_DEACTIVATED ? 'DeviceDeactivated' : 'DeviceReactivated';
        return { type, eventId, orgId, occurredAt, recordedAt, data: { deviceId } };
      }
      case ARCHIVE_CREATED: {
        const archiveId = idOf(match[5]);
        const deviceId = idOf(match[6]);
        if (archiveId === undefined || deviceId === undefined) return undefined;
        return {
          type: 'ArchiveCreated',
          eventId,
          orgId,
          occurredAt,
          recordedAt,
          data: { archiveId, deviceId },
        };
      }
      case ARCHIVE_PURGED: {
        const archiveId = idOf(match[5]);
        // The list's own string (a capture of a long one would keep the whole line alive).
        const reason = knownOf(PURGE_REASONS, match[6]);
        if (archiveId === undefined || reason === undefined) return undefined;
        return { type: 'ArchivePurged', eventId, orgId, occurredAt, recordedAt, data: { archiveId, reason } };
      }
      case USER_DEACTIVATED: {
        const userId = idOf(match[5]);
        const reason = knownOf(USER_REASONS, match[6]);
        if (userId === undefined || reason === undefined) return undefined;
        return { type: 'UserDeactivated', eventId, orgId, occurredAt, recordedAt, data: { userId, reason } };
      }
      case LICENSE_CAP_SET: {
        const cap = match[5] === 'null' ? null : Number(match[5]);
        if (cap !== null && !Number.isSafeInteger(cap)) return undefined;
        return { type: 'LicenseCapSet', eventId, orgId, occurredAt, recordedAt, data: { cap } };
      }
      case SUBSCRIPTION_CANCELED:
        return { type: 'SubscriptionCanceled', eventId, orgId, occurredAt, recordedAt, data: {} };
      default:
        return undefined;
    }
  }

  /** The orgId, the same string as the line before's when it is the same org. */
  private orgIdOf(contents: string | undefined): string | undefined {
    if (contents === this.lastOrgId && contents !== '') return this.lastOrgId;
    const orgId = idOf(contents);
    // Only an id written without escapes is kept: its contents are its value.
    if (orgId !== undefined && orgId === contents) this.lastOrgId = orgId;
    return orgId;
  }
}
