// A file's lines as text, one at a time, so a log of millions of events never sits in memory
// whole. The bytes are split as every reader of a file splits them (chunked-lines.ts) and
// decoded with the domain's strict UTF-8 check: a bad byte is refused naming its line and
// offset, never read as U+FFFD (which would make `d-\xfe` and `d-\xff` one id).
import { decodeUtf8, invalidUtf8Problem, LINE_TOO_LONG } from '@tally/domain';
import { badInput, inputLine } from '../errors.js';
import { LineSplitter, LineTooLongError, numbered, readLineChunks } from './chunked-lines.js';

/** Each line without its line ending; `number` is 1-based, as editors count. */
export interface NumberedLine {
  readonly text: string;
  readonly number: number;
}

/** The lines of `path`; a line that is not UTF-8 (or longer than a log's line may be) is a
 * bad-input error naming `name`, the line and the offset of its first bad byte. */
export async function* readLines(path: string, name = path): AsyncGenerator<NumberedLine> {
  const splitter = new LineSplitter();
  try {
    for await (const { bytes, atEnd } of readLineChunks(path)) {
      const lines: NumberedLine[] = [];
      let refused: string | undefined;
      splitter.split(bytes, atEnd, (chunk, start, end, number) => {
        const text = decodeUtf8(chunk, start, end);
        if (text === undefined) {
          refused = inputLine(
            name,
            number,
            undefined,
            `line: ${invalidUtf8Problem(chunk, start, end, ' of the line')}`,
          );
          return false;
        }
        lines.push({ text, number });
        return true;
      });
      // The lines before a bad one are handed over first, as a line-by-line read would.
      yield* lines;
      if (refused !== undefined) throw badInput(refused);
    }
  } catch (error) {
    const located = numbered(error, splitter);
    throw located instanceof LineTooLongError
      ? badInput(inputLine(name, located.line, undefined, LINE_TOO_LONG))
      : located;
  }
}
