// A TallyEvent to its wire JSON, keys in the fixed order of docs/wire-format.md (type, eventId, orgId,
// occurredAt, recordedAt, data; data keys in table order, invoice keys in the documented order), so the
// same event always gives the same bytes. The event is trusted to be valid (it is typed and,
// coming from a decoder or a decider, already canonical): encoding does not re-validate it.
import { TallyEventCodec } from './TallyEventCodec.js';
import type { TallyEvent } from './types.js';

export function encodeEvent(event: TallyEvent): Record<string, unknown> {
  return TallyEventCodec.encode(event) as unknown as Record<string, unknown>;
}

/** One JSONL line, without the newline. */
export function serializeEvent(event: TallyEvent): string {
  return JSON.stringify(encodeEvent(event));
}
