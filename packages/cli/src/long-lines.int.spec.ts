// A line longer than a log may have (MAX_LINE_BYTES, 16 MiB) is refused by every reading command
// with one line naming it, as soon as that much of it was read: a hostile line of 600 MiB (a
// sparse file, so the test writes a few bytes) never reaches a string, a RangeError or the
// memory of the process.
import { open } from 'node:fs/promises';
import { MAX_LINE_BYTES } from '@tally/domain';
import { sealEvent } from '@tally/proofs';
import { describe, expect, it } from 'vitest';
import { runTally } from './cli.js';
import { memoryIo } from './fixtures/memory-io.spec-helper.js';
import { sampleEvents, tempFile, toJsonl } from './fixtures/sample-log.spec-helper.js';

const events = sampleEvents().slice(0, 3);
const refusal = (path: string) =>
  `${path}:4: -: line: longer than 16,777,216 bytes (16 MiB), the longest line a log may have\n`;

/** The log, then a line of `length` bytes (NUL bytes of a sparse file unless `fill`). */
async function withLongLine(text: string, length: number, fill?: string): Promise<string> {
  const path = await tempFile('long.jsonl', text);
  const handle = await open(path, 'r+');
  try {
    if (fill === undefined) await handle.truncate(Buffer.byteLength(text) + length);
    else await handle.write(`${fill.repeat(length)}\n`, Buffer.byteLength(text));
  } finally {
    await handle.close();
  }
  return path;
}

const commands = (path: string): [string, string[]][] => [
  ['invoices', ['invoices', path, '--org', 'acme', '--from', '2026-01-01', '--to', '2026-03-31']],
  ['counts', ['counts', path, '--org', 'acme', '--at', '2026-03-01T00:00:00Z']],
  ['export', ['export', path, '--org', 'acme', '--quiet']],
];

describe('a line longer than 16 MiB', () => {
  it('is the limit of the domain', () => {
    expect(MAX_LINE_BYTES).toBe(16 * 1024 * 1024);
  });

  it('of 600 MiB without an end is refused by invoices, counts and export, naming its line (exit 2)', async () => {
    const path = await withLongLine(toJsonl(events), 600 * 1024 * 1024);
    for (const [name, argv] of commands(path)) {
      const memory = memoryIo();
      expect(await runTally(argv, memory.io), name).toBe(2);
      expect(memory.stderr(), name).toBe(refusal(path));
      expect(memory.stdout(), name).toBe('');
    }
  });

  it('of one byte more than 16 MiB, with its end, is refused the same way; 16 MiB is read', async () => {
    const tooLong = await withLongLine(toJsonl(events), MAX_LINE_BYTES + 1, ' ');
    for (const [name, argv] of commands(tooLong)) {
      const memory = memoryIo();
      expect(await runTally(argv, memory.io), name).toBe(2);
      expect(memory.stderr(), name).toBe(refusal(tooLong));
    }
    // A line of exactly the limit is read (and refused for what it holds: blanks are no JSON).
    const atLimit = await withLongLine(toJsonl(events), MAX_LINE_BYTES, ' ');
    const memory = memoryIo();
    expect(await runTally(commands(atLimit)[1]?.[1] ?? [], memory.io)).toBe(2);
    expect(memory.stderr()).toMatch(/^\S+:4: -: line: not valid JSON/);
  });

  it('ends verify of a sealed export at its line (exit 1)', async () => {
    let head = '0'.repeat(64);
    const lines = events.map((event) => {
      const sealed = sealEvent(event, head);
      head = sealed.chain;
      return `${sealed.text}\n`;
    });
    for (const path of [
      await withLongLine(lines.join(''), 600 * 1024 * 1024),
      await withLongLine(lines.join(''), MAX_LINE_BYTES + 1, 'x'),
    ]) {
      const memory = memoryIo();
      expect(await runTally(['verify', path, '--quiet'], memory.io)).toBe(1);
      expect(memory.stderr()).toBe(refusal(path));
    }
  });
});
