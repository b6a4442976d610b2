// The rules of a log's text that need none of the codecs: RFC 8785 canonical JSON and the
// longest line. A subpath of its own (`@tally/domain/wire-text`), so that a worker thread that
// only checks bytes and canonical form loads these two modules and not the whole domain.
export { canonicalJson } from './events/canonical-json.js';
export { LINE_TOO_LONG, MAX_LINE_BYTES } from './log/line-limits.js';
