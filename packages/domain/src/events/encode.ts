// A TallyEvent to its wire JSON, keys in the fixed order of docs/wire-format.md (type, eventId, orgId,
// occurredAt, recordedAt, data; data keys in table order, invoice keys in the documented order), so the
// same event always gives the same bytes. The event is trusted to be valid (it is typed and,
// coming from a decoder or a decider, already canonical): encoding does not re-validate it.
import { canonicalWriterOf } from './canonical-encoding.js';
import { TallyEventCodec } from './TallyEventCodec.js';
import type { TallyEvent } from './types.js';

export function encodeEvent(event: TallyEvent): Record<string, unknown> {
  return TallyEventCodec.encode(event) as unknown as Record<string, unknown>;
}

/** One JSONL line, without the newline. */
export function serializeEvent(event: TallyEvent): string {
  return JSON.stringify(encodeEvent(event));
}

const writeCanonicalEvent = canonicalWriterOf(TallyEventCodec);

/** The RFC 8785 canonical JSON of the event's wire object: `canonicalJson(encodeEvent(event))`,
 * written without building the wire object (what a sealed export chains, docs/cli.md). */
export function canonicalEventJson(event: TallyEvent): string {
  return writeCanonicalEvent(event);
}
