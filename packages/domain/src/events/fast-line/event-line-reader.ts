// The fast path of decoding a line. Most lines of a large log are device and archive events,
// and JSON.parse plus the codecs cost several microseconds each. This reads a line spelled
// exactly as serializeEvent spells a device, archive, UserDeactivated, LicenseCapSet or
// SubscriptionCanceled event (line-patterns.ts), or as canonicalJson spells it (keys sorted: the
// events of a sealed export, which tally verify and a bundle's check decode), with any string values (escapes included) and
// canonical instants (whole seconds or milliseconds), and builds the event the codecs would
// build. Anything else gives undefined: the line then goes through JSON.parse and the codecs
// (whose own fast path, fast-decode.ts, takes the same events in any key order or spacing),
// which decide every error and every other spelling. A string that is not Unicode text (a lone
// surrogate, raw or escaped) is left to them too: they refuse it (unicode-text.ts). The property
// tests hold the paths equal wherever this answers, and hold that it answers for every
// serialized event of these types.
//
// Bytes are read without decoding them first: one character a byte (latin1, a copy made
// natively), matched by the ASCII patterns. A match proves every byte of the line is ASCII,
// whose UTF-8 is itself, so the text is the one a strict decoder gives and nothing was left to
// validate; a line with any other byte is decoded strictly by the caller and read as text.
import type { TallyEvent } from '../types.js';
import { loneSurrogateAt } from '../unicode-text.js';
import { dayExists } from './canonical-instant.js';
import { stringValue } from './json-string.js';
import {
  ASCII_PATTERNS,
  CANONICAL_ASCII_PATTERNS,
  CANONICAL_TEXT_PATTERNS,
  type CanonicalPatterns,
  type LinePatterns,
  type LineType,
  PURGE_REASONS,
  TEXT_PATTERNS,
  USER_REASONS,
} from './line-patterns.js';
import { latin1Text } from './utf8.js';

/** Where the type name starts in serializeEvent's order: after `{"type":"`. */
const TYPE_AT = 9;

/** How a canonical line starts (its keys sorted: `data` first, `type` last). */
const CANONICAL_OPENING = '{"data":';
const TYPE_KEY = '"type":"';

/** The type the line names at `at`, judged by a letter or two (its pattern checks the whole
 * name). */
function typeOf(line: string, at: number): LineType | undefined {
  switch (line.charCodeAt(at)) {
    case 0x44: // Device...
      switch (line.charCodeAt(at + 6)) {
        case 0x41:
          return 'DeviceActivated';
        case 0x44:
          return 'DeviceDeactivated';
        case 0x52:
          return 'DeviceReactivated';
        default:
          return undefined;
      }
    case 0x41: // Archive...
      return line.charCodeAt(at + 7) === 0x43 ? 'ArchiveCreated' : 'ArchivePurged';
    case 0x55:
      return 'UserDeactivated';
    case 0x4c:
      return 'LicenseCapSet';
    case 0x53:
      return 'SubscriptionCanceled';
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

/** The captures of a canonical line, put in the order of the wire pattern's, or null. */
function canonicalMatch(
  patterns: CanonicalPatterns,
  type: LineType,
  line: string,
): readonly (string | undefined)[] | null {
  const { pattern, captures } = patterns[type];
  const match = pattern.exec(line);
  return match === null ? null : captures.map((group) => match[group]);
}

/** The one of `known` equal to `value`. */
function knownOf<T extends string>(known: readonly T[], value: string | undefined): T | undefined {
  for (const name of known) if (name === value) return name;
  return undefined;
}

/** How many orgIds a reader keeps (see `orgIdOf`); past that it starts over, which is only
 * slower. */
const MAX_KNOWN_ORG_IDS = 4096;

/** Reads lines one at a time; keeps the orgIds it has read, so the events of one organization
 * share one string. */
export class EventLineReader {
  private lastOrgId = '';
  private readonly knownOrgIds = new Map<string, string>();

  /** The event `line` decodes to, or undefined when the codecs must decide. The event's strings
   * may be slices of `line`. `fromUtf8`: the line was decoded from strict UTF-8, so it holds no
   * lone surrogate of its own and need not be searched for one. */
  read(line: string, fromUtf8 = false): TallyEvent | undefined {
    if (!fromUtf8 && loneSurrogateAt(line) >= 0) return undefined;
    return this.readMatched(line, TEXT_PATTERNS, CANONICAL_TEXT_PATTERNS);
  }

  /** The event the UTF-8 line `bytes[start, end)` decodes to, when it is all ASCII and read here;
   * else undefined: the caller decodes it strictly (and may give the text to `read`). The
   * event's strings may be slices of a copy of the line, never of a larger string. */
  readBytes(bytes: Uint8Array, start: number, end: number): TallyEvent | undefined {
    // ASCII holds no surrogate, so there is no lone one to search for.
    return this.readMatched(latin1Text(bytes, start, end), ASCII_PATTERNS, CANONICAL_ASCII_PATTERNS);
  }

  private readMatched(
    line: string,
    patterns: LinePatterns,
    canonical: CanonicalPatterns,
  ): TallyEvent | undefined {
    const sorted = line.startsWith(CANONICAL_OPENING);
    const type = sorted ? typeOf(line, line.lastIndexOf(TYPE_KEY) + TYPE_KEY.length) : typeOf(line, TYPE_AT);
    if (type === undefined) return undefined;
    const match = sorted ? canonicalMatch(canonical, type, line) : patterns[type].exec(line);
    if (match === null) return undefined;
    const eventId = idOf(match[1]);
    const orgId = this.orgIdOf(match[2]);
    const occurredAt = match[3] as string;
    const recordedAt = match[4] as string;
    // The pattern checked each instant's spelling and ranges; the calendar is left.
    if (eventId === undefined || orgId === undefined || !dayExists(occurredAt) || !dayExists(recordedAt)) {
      return undefined;
    }
    // Objects in the codecs' key order, so both paths give events of one shape.
    switch (type) {
      case 'DeviceActivated': {
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
      case 'DeviceDeactivated':
      case 'DeviceReactivated': {
        const deviceId = idOf(match[5]);
        if (deviceId === undefined) return undefined;
        return { type, eventId, orgId, occurredAt, recordedAt, data: { deviceId } };
      }
      case 'ArchiveCreated': {
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
      case 'ArchivePurged': {
        const archiveId = idOf(match[5]);
        // The list's own string (a capture of a long one would keep the whole line alive).
        const reason = knownOf(PURGE_REASONS, match[6]);
        if (archiveId === undefined || reason === undefined) return undefined;
        return { type: 'ArchivePurged', eventId, orgId, occurredAt, recordedAt, data: { archiveId, reason } };
      }
      case 'UserDeactivated': {
        const userId = idOf(match[5]);
        const reason = knownOf(USER_REASONS, match[6]);
        if (userId === undefined || reason === undefined) return undefined;
        return { type: 'UserDeactivated', eventId, orgId, occurredAt, recordedAt, data: { userId, reason } };
      }
      case 'LicenseCapSet': {
        const cap = match[5] === 'null' ? null : Number(match[5]);
        if (cap !== null && !Number.isSafeInteger(cap)) return undefined;
        return { type: 'LicenseCapSet', eventId, orgId, occurredAt, recordedAt, data: { cap } };
      }
      case 'SubscriptionCanceled':
        return { type: 'SubscriptionCanceled', eventId, orgId, occurredAt, recordedAt, data: {} };
      default:
        return undefined;
    }
  }

  /** The orgId, one string for all the events of an org. In a log of many organizations, whose
   * lines interleave, a new slice per line made every lookup by orgId (the checker's state of
   * each org, the comparison with the registration's orgId) hash and compare it anew. */
  private orgIdOf(contents: string | undefined): string | undefined {
    if (contents === this.lastOrgId && contents !== '') return this.lastOrgId;
    if (contents === undefined) return undefined;
    const known = this.knownOrgIds.get(contents);
    if (known !== undefined) {
      this.lastOrgId = known;
      return known;
    }
    const orgId = idOf(contents);
    // Only an id written without escapes is kept: its contents are its value.
    if (orgId !== undefined && orgId === contents) {
      if (this.knownOrgIds.size >= MAX_KNOWN_ORG_IDS) this.knownOrgIds.clear();
      this.knownOrgIds.set(orgId, orgId);
      this.lastOrgId = orgId;
    }
    return orgId;
  }
}
