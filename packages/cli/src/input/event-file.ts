// The file a command reads: a path, or `-` for stdin, which is spooled to a temporary file first
// so that it can be read again (export and import read twice; an unknown org lists the file's
// orgs) like any other file.
import { createWriteStream } from 'node:fs';
import { access, constants, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { usageError } from '../errors.js';

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
  if (argument === '-') return spoolStdin(stdin);
  try {
    await access(argument, constants.R_OK);
    if (!(await stat(argument)).isFile()) throw new Error('not a file');
  } catch {
    throw usageError(`cannot read ${argument}: no such file, or not a readable file`);
  }
  return { path: argument, name: argument, dispose: async () => {} };
}

async function spoolStdin(stdin: Readable): Promise<EventFile> {
  const directory = await mkdtemp(join(tmpdir(), 'tally-stdin-'));
  const path = join(directory, 'events.jsonl');
  const dispose = () => rm(directory, { recursive: true, force: true });
  try {
    await pipeline(stdin, createWriteStream(path));
  } catch (error) {
    await dispose();
    throw error;
  }
  return { path, name: STDIN_NAME, dispose };
}
