// The file a command reads: a path, or `-` for stdin, which is spooled to a temporary file first
// so that it can be read again (export and import read twice; an unknown org lists the file's
// orgs) like any other file. A path that is not a regular file but can be read once (a FIFO,
// `<(cat events.jsonl)`, a character device) is spooled the same way.
import { createReadStream, createWriteStream, mkdtempSync } from 'node:fs';
import { access, constants, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { badInput, usageError } from '../errors.js';
import { removeOnSignal } from '../leftovers.js';

export interface EventFile {
  /** Where the bytes are (the spool file for stdin). */
  readonly path: string;
  /** How messages name it: the path as given, or `stdin`. */
  readonly name: string;
  /** Removes the spool file, if any. */
  dispose(): Promise<void>;
}

export const STDIN_NAME = 'stdin';

export async function openEventFile(argument: string, stdin: Readable): Promise<EventFile> {
  if (argument === '-') return spool(stdin, STDIN_NAME);
  const kind = await kindOf(argument);
  if (kind === 'file') return { path: argument, name: argument, dispose: async () => {} };
  if (kind === 'stream') return spool(createReadStream(argument), argument);
  throw usageError(`cannot read ${argument}: ${kind}`);
}

/** A regular file, a stream read once (FIFO, socket, device), or why it cannot be read. */
async function kindOf(path: string): Promise<'file' | 'stream' | string> {
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) return 'it is a folder';
    await access(path, constants.R_OK);
    return stats.isFile() ? 'file' : 'stream';
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return `not a readable file (${String(code ?? error)})`;
  }
}

/** Copies a stream to a temporary file, removed by `dispose` (or by a signal). */
async function spool(input: Readable, name: string): Promise<EventFile> {
  // Made and listed in one turn of the event loop: a signal handler runs between turns, so it
  // can never find the folder made but not yet listed.
  const directory = mkdtempSync(join(tmpdir(), 'tally-stdin-'));
  const forget = removeOnSignal(directory);
  const path = join(directory, 'events.jsonl');
  const dispose = async () => {
    await rm(directory, { recursive: true, force: true });
    forget();
  };
  try {
    await pipeline(input, createWriteStream(path));
  } catch (error) {
    await dispose();
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw badInput(`cannot read ${name}: ${code}`);
  }
  return { path, name, dispose };
}
