// A file's lines, one at a time (readline over a file stream), so a log of millions of events
// never sits in memory whole.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Each line without its line ending; `number` is 1-based, as editors count. */
export interface NumberedLine {
  readonly text: string;
  readonly number: number;
}

export async function* readLines(path: string): AsyncGenerator<NumberedLine> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const text of lines) {
      number += 1;
      yield { text, number };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
