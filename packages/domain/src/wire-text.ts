// The rules of a log's text that need none of the codecs: RFC 8785 canonical JSON, the longest
// line and the uniqueness of event ids. A subpath of its own (`@tally/domain/wire-text`), so that
// a worker thread that only checks bytes, canonical form or ids loads these modules and not the
// whole domain.
export { canonicalJson } from './events/canonical-json.js';
export type { EventIdRecord, RecallEventId } from './log/event-id-table.js';
export { EventIdTable } from './log/event-id-table.js';
export { LINE_TOO_LONG, MAX_LINE_BYTES } from './log/line-limits.js';
