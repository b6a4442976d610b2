// A reading thread that fails: before its first chunk the read goes on without it, on this
// thread with the ids checked here; after it, the read is refused (half of it is already used).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EventIdTable } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { forEachLineOf, localLineChunks } from './byte-lines.js';
import { FileEventIds } from './file-event-ids.js';
import { readingThreadChunks } from './reading-thread.js';

async function fileOfLines(count: number): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'tally-reading-thread-'));
  const path = join(directory, 'log.jsonl');
  const lines = Array.from({ length: count }, (_, i) => `{"type":"X","eventId":"e-${i}"}\n`);
  await writeFile(path, lines.join(''));
  return path;
}

/** Reads `path` through a reading thread started by `start`; the lines seen and the tables made. */
async function readThrough(path: string, start: () => Worker) {
  let tables = 0;
  const ids = new FileEventIds(() => {
    tables += 1;
    return new EventIdTable(() => undefined);
  });
  const data = { path, maxLineBytes: 1 << 20, expectedIds: 10, chunksInFlight: 4 };
  const source = readingThreadChunks(data, ids, () => localLineChunks(path), start);
  let lines = 0;
  await forEachLineOf(source, (_bytes, _start, _end, number) => {
    expect(ids.firstSeenAt(`e-${number - 1}`, number)).toBe(0);
    lines = number;
    return true;
  });
  return { lines, tables };
}

const failing = (script: string) => () => new Worker(script, { eval: true });

describe('a reading thread that fails', () => {
  it('before its first chunk leaves the file to this thread, ids checked here', async () => {
    const path = await fileOfLines(50_000);
    const { lines, tables } = await readThrough(path, failing('throw new Error("no threads here")'));
    expect(lines).toBe(50_000);
    expect(tables).toBe(1);
  });

  it('after its first chunk refuses the read, naming the file', async () => {
    const path = await fileOfLines(50_000);
    const oneChunkThenFail = failing(`
      const { parentPort } = require('node:worker_threads');
      parentPort.postMessage({ chunk: new ArrayBuffer(8), length: 0, atEnd: false, lastLine: 0, repeats: [] });
      setTimeout(() => { throw new Error('gone'); }, 10);
    `);
    await expect(readThrough(path, oneChunkThenFail)).rejects.toThrow(
      `reading ${path} on a second thread failed: gone`,
    );
  });
});
