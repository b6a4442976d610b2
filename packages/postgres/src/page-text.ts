// A page of one stream read as one text: the server joins the page's payloads in revision order
// with a line break between them (string_agg), so the client parses one value instead of a row
// per event. It takes a check to read it back: line k is the k-th payload only when no payload
// holds a line break of its own. The store writes none (a payload is serializeEvent's JSON, which
// escapes a line break inside a string and puts no whitespace between tokens), but a row written
// by other means might: then the lines do not match the page's count, and the reader reads that
// page row by row instead (read.ts).

const LINE_BREAK = 0x0a;

/** The separator the page's SQL joins payloads with (as an SQL literal there), and the byte
 * `lineEnds` splits at. */
export const PAGE_SEPARATOR = '\n';
export const PAGE_SEPARATOR_SQL = "E'\\n'";

/**
 * Where each of the `count` lines of `bytes` ends (the offset of its line break, or the end of
 * `bytes` for the last), or undefined when `bytes` does not hold exactly `count` lines. Line k
 * starts one byte after line k - 1 ends.
 */
export function lineEnds(bytes: Buffer, count: number): Int32Array | undefined {
  const ends = new Int32Array(count);
  let start = 0;
  for (let k = 0; k < count - 1; k++) {
    const end = bytes.indexOf(LINE_BREAK, start);
    if (end < 0) return undefined;
    ends[k] = end;
    start = end + 1;
  }
  if (count > 0) {
    if (bytes.indexOf(LINE_BREAK, start) >= 0) return undefined;
    ends[count - 1] = bytes.length;
  }
  return ends;
}
