// The files the proof commands read and write: key pairs, checkpoints, proofs. A file that cannot
// be read, or a key that is not one, is a usage error (exit 2); a checkpoint that does not verify
// is the answer "no" of the verifying commands (exit 1) and bad input to the others (exit 2).
import type { KeyObject } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import {
  type Checkpoint,
  type ParsedCheckpoint,
  parseCheckpoint,
  readPrivateKey,
  readPublicKey,
  verifyCheckpoint,
} from '@tally/proofs';
import { badInput, CliError, failure, usageError } from '../errors.js';
import { checkOutFile } from '../out-file.js';

async function readBytes(path: string, option: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw usageError(`cannot read ${option} ${path}: no such file, or not a readable file`);
  }
}

export async function readPublicKeyFile(path: string): Promise<KeyObject> {
  const key = readPublicKey((await readBytes(path, '--public-key')).toString('utf8'));
  if (!key.ok) throw badInput(`tally: --public-key ${path}: ${key.problem}`);
  return key.value;
}

export async function readPrivateKeyFile(path: string): Promise<KeyObject> {
  const key = readPrivateKey((await readBytes(path, '--key')).toString('utf8'));
  if (!key.ok) throw badInput(`tally: --key ${path}: ${key.problem}`);
  return key.value;
}

/** A checkpoint whose signature by `key` verifies; else exit 1 naming the file. */
export async function readVerifiedCheckpoint(path: string, key: KeyObject): Promise<Checkpoint> {
  const verdict = verifyCheckpoint(await readBytes(path, '--checkpoint'), key);
  if (!verdict.ok) throw failure(`${path}: ${verdict.problem}`);
  return verdict.value;
}

/** A checkpoint read for its tree head only (the prover need not trust it; the verifier checks
 * the signature). `option` names it in messages. */
export async function readCheckpointForm(path: string, option: string): Promise<ParsedCheckpoint> {
  const parsed = parseCheckpoint(await readBytes(path, option));
  if (!parsed.ok) throw badInput(`tally: ${option} ${path}: not a checkpoint: ${parsed.problem}`);
  return parsed.value;
}

export async function readProofFile(path: string): Promise<Buffer> {
  return readBytes(path, '--proof');
}

/** Writes `text` to `path` through a file beside it, renamed at the end. */
export async function writeOutFile(path: string, text: string | Buffer): Promise<void> {
  await checkOutFile(path);
  const partial = `${path}.partial`;
  try {
    await writeFile(partial, text);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** Writes a new file; refuses (exit 2) when it exists. */
export async function writeNewFile(path: string, text: string, mode: number): Promise<void> {
  try {
    await writeFile(path, text, { flag: 'wx', mode });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') {
      throw badInput(`tally: ${path} exists; tally keygen never overwrites a key`);
    }
    throw error instanceof CliError ? error : badInput(`tally: cannot write ${path}: ${String(error)}`);
  }
}
