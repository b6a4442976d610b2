// A write that fails part way leaves nothing behind: no file, no partial file, and no error
// thrown later by the writes still in flight.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomically } from './out-file.js';

const dir = mkdtempSync(join(tmpdir(), 'tally-out-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('writeFileAtomically', () => {
  it('writes the file whole, renamed from its partial', async () => {
    const path = join(dir, 'done.txt');
    const written = await writeFileAtomically(path, async (out) => {
      out.write('abc');
      return 7;
    });
    expect(written).toBe(7);
    expect(readFileSync(path, 'utf8')).toBe('abc');
    expect(existsSync(`${path}.partial`)).toBe(false);
  });

  it('a failure with writes in flight rejects with it, leaves no file, and nothing throws later', async () => {
    const uncaught: unknown[] = [];
    const listener = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', listener);
    try {
      for (let round = 0; round < 5; round++) {
        const path = join(dir, `failed-${round}.txt`);
        const writing = writeFileAtomically(path, async (out) => {
          // As export does: a batch, a wait for the stream to drain, the next batch in flight.
          for (let i = 0; i < 5; i++) out.write('x'.repeat(300_000));
          if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
          out.write('y'.repeat(100));
          await new Promise((resolve) => setImmediate(resolve));
          throw new Error(`bad line ${round}`);
        });
        await expect(writing).rejects.toThrow(`bad line ${round}`);
        expect(existsSync(path) || existsSync(`${path}.partial`)).toBe(false);
      }
      await settle();
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', listener);
    }
  });
});
