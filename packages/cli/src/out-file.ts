// `--out FILE` of export and report: checked before the source is read, so that a long read is
// not wasted on a path that cannot be written, then written beside itself and renamed. tally
// does not create folders (a mistyped path should not leave new folders behind): a missing one
// is named, exit 2.
import { once } from 'node:events';
import { constants, createWriteStream } from 'node:fs';
import { access, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { badInput } from './errors.js';
import { removeOnSignal } from './leftovers.js';

export async function checkOutFile(path: string): Promise<void> {
  const folder = dirname(path);
  const folderKind = await kindOf(folder);
  if (folderKind === 'missing') {
    throw badInput(
      `tally: cannot write --out ${path}: the folder ${folder} does not exist (create it first)`,
    );
  }
  if (folderKind !== 'folder') throw badInput(`tally: cannot write --out ${path}: ${folder} is not a folder`);
  if ((await kindOf(path)) === 'folder') {
    throw badInput(`tally: cannot write --out ${path}: it is a folder; give a file name`);
  }
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw badInput(`tally: cannot write --out ${path}: the folder ${folder} is not writable`);
  }
}

async function kindOf(path: string): Promise<'missing' | 'folder' | 'other'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'other';
  } catch {
    return 'missing';
  }
}

/** Writes `path` through `write` into `path.partial`, renamed to `path` once `write` is done: a
 * failure or a signal (see leftovers.ts) leaves neither a half file nor the partial one. */
export async function writeFileAtomically<T>(path: string, write: (out: Writable) => Promise<T>): Promise<T> {
  const partial = `${path}.partial`;
  const forget = removeOnSignal(partial);
  const file = createWriteStream(partial);
  try {
    const result = await write(file);
    file.end();
    await once(file, 'finish');
    await rename(partial, path);
    return result;
  } catch (error) {
    // A write still in flight fails once the stream is destroyed (ERR_STREAM_DESTROYED, thrown
    // from the write's completion where nothing catches it): nothing is left to write it for.
    file.on('error', () => {});
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  } finally {
    forget();
  }
}
