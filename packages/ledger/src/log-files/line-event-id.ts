// The eventId of a log line without decoding the event: what a file's reading thread records to
// check that ids are unique while the main thread decodes. It must be the id the decoder reads
// from every line the decoder accepts (property-tested against it in line-event-id.unit.spec.ts):
// - a line spelled as the ledger writes it, `{"type":"Name","eventId":"...` with an id of
//   printable ASCII and no escape, is read from its bytes: no string is made but the id's;
// - any other line is parsed as JSON and its top-level `eventId` taken. An accepted line has
//   no repeated key (the decoder refuses them), so that is the value the decoder reads too.
// A line that is not JSON, or has no string id, gives undefined: the decoder refuses it.

const PREFIX = '{"type":"';
const ID_KEY = '","eventId":"';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The eventId of the line `bytes[start, end)`, or undefined when it has none to read. */
export function eventIdOfLine(bytes: Buffer, start: number, end: number): string | undefined {
  const idStart = plainIdStart(bytes, start, end);
  if (idStart !== -1) {
    for (let i = idStart; i < end; i++) {
      const code = bytes[i] as number;
      if (code === QUOTE) return bytes.toString('latin1', idStart, i);
      if (code < 0x20 || code > 0x7e || code === BACKSLASH) break;
    }
  }
  return parsedEventId(bytes.toString('utf8', start, end));
}

/** Where the id starts when the line opens as the ledger writes it (a type of letters only,
 * then the eventId), else -1. */
function plainIdStart(bytes: Buffer, start: number, end: number): number {
  if (!startsWith(bytes, start, end, PREFIX)) return -1;
  let at = start + PREFIX.length;
  while (at < end && isLetter(bytes[at] as number)) at += 1;
  if (at === start + PREFIX.length || !startsWith(bytes, at, end, ID_KEY)) return -1;
  return at + ID_KEY.length;
}

/** Whether `bytes[at, end)` starts with `text` (ASCII). */
function startsWith(bytes: Buffer, at: number, end: number, text: string): boolean {
  if (at + text.length > end) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

const isLetter = (code: number): boolean => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

function parsedEventId(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const id = (value as { eventId?: unknown }).eventId;
  return typeof id === 'string' ? id : undefined;
}
