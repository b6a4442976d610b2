// The files the proof commands read and write: key pairs, checkpoints, proofs. A file that cannot
// be read, or a key that is not one, is a usage error (exit 2); a checkpoint that does not verify
// is the answer "no" of the verifying commands (exit 1) and bad input to the others (exit 2).
import type { KeyObject } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { EventIdTable } from '@tally/domain';
import { LOG_LINE_BYTES, lineAtSync } from '@tally/ledger/log-files';
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

/** The event ids of the sealed lines in the file at `path` as hashes (12-byte slots, not a Map
 * of every id): an id whose hashes match an earlier one's is told apart by reading the
 * earlier line back: the numbers it is given are the file's line numbers (an export's event N
 * is its line N, a bundle's is line N + 1, after its header). */
export function exportEventIds(path: string): EventIdTable {
  const recall = (line: number) => {
    const text = lineAtSync(path, line);
    // The line was accepted: one JSON object whose eventId is a string.
    return text === undefined ? undefined : (JSON.parse(text) as { eventId: string }).eventId;
  };
  // Sized as the file reader sizes its table (LOG_LINE_BYTES a line), plus each line's chain
  // member (`"chain":"<64 hex>",`, 76 bytes): sized for the plain line alone, an export's
  // table would be a third larger than it needs.
  return new EventIdTable(recall, statSync(path).size / (LOG_LINE_BYTES + 76));
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
