// The longest line a log may have; it imports nothing (see wire-text.ts).
/** The longest line a log may have, in bytes: 16 MiB. An event is a few hundred bytes and an
 * issued invoice of thousands of lines well under a MiB, while a line of hundreds of MiB would
 * be read whole into memory (and past 512 MiB no JavaScript string can hold it). A reader can
 * refuse a longer line as soon as it has read this much of it. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** The refusal of a line longer than MAX_LINE_BYTES (`line: ...`, see decodeProblem). */
export const LINE_TOO_LONG = `line: longer than ${groupedDigits(MAX_LINE_BYTES)} bytes (16 MiB), the longest line a log may have`;

/** `n` with its digits in groups of three (16,777,216): by hand, because toLocaleString loads
 * the number formats of the runtime's locale data, about 13 ms of every process's start. */
function groupedDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}
