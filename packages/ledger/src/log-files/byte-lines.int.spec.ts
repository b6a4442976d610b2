// The chunked reader must number and cut lines exactly as readline does (the error lines name
// them).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, expect } from 'vitest';
import { forEachByteLine, lineAtSync } from './byte-lines.js';
import { readLogLines } from './log-file.js';

const dir = mkdtempSync(join(tmpdir(), 'tally-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const arbText = fc
  .array(
    fc.oneof(fc.constantFrom('\n', '\r', '\r\n', 'é', '€', '😀', '{"a":1}'), fc.string({ maxLength: 8 })),
    {
      maxLength: 40,
    },
  )
  .map((parts) => parts.join(''));

let files = 0;
test.prop([arbText], { numRuns: 150 })('gives the lines and numbers of readline', async (text) => {
  const path = join(dir, `f${files++}.jsonl`);
  writeFileSync(path, text);
  const expected: string[] = [];
  for await (const { text: line } of readLogLines({ path })) expected.push(line);
  const got: string[] = [];
  await forEachByteLine(path, (bytes, start, end, number) => {
    got.push(bytes.toString('utf8', start, end));
    expect(number).toBe(got.length);
    return true;
  });
  expect(got).toEqual(expected);
  expected.forEach((line, index) => {
    expect(lineAtSync(path, index + 1)).toBe(line);
  });
});

test.prop([fc.integer({ min: 1, max: 3 })], { numRuns: 3 })(
  'reads lines longer than a chunk',
  async (megabytes) => {
    const path = join(dir, `long${megabytes}.jsonl`);
    const long = 'x'.repeat(megabytes * 1_100_000);
    writeFileSync(path, `a\n${long}\nb`);
    const got: string[] = [];
    await forEachByteLine(path, (bytes, start, end) => {
      got.push(bytes.toString('utf8', start, end));
      return true;
    });
    expect(got).toEqual(['a', long, 'b']);
    expect(lineAtSync(path, 2)).toBe(long);
  },
);

test('reads a file of many chunks into recycled buffers, every line as written', async () => {
  // About 4.5 MB of lines of varying lengths: each chunk ends at a different place, so a chunk's
  // buffer read into again while its lines were still wanted would give other lines.
  const lines = Array.from({ length: 60_000 }, (_, i) => `${i}:${'y'.repeat((i * 37) % 131)}`);
  const path = join(dir, 'many-chunks.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const got: string[] = [];
  let chunks = 0;
  await forEachByteLine(
    path,
    (bytes, start, end) => {
      got.push(bytes.toString('utf8', start, end));
      return true;
    },
    undefined,
    async () => {
      chunks += 1;
    },
  );
  expect(chunks).toBeGreaterThan(3);
  expect(got).toEqual(lines);
});
