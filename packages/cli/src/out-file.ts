// `--out FILE` of export and report: checked before the source is read, so that a long read is
// not wasted on a path that cannot be written. tally does not create folders (a mistyped path
// should not leave new folders behind): a missing one is named, exit 2.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { badInput } from './errors.js';

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
