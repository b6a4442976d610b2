// `tally verify --checkpoint OLD --checkpoint NEW --proof P --public-key K`: does the newer
// signed log only extend the older one? Both signatures, the same origin, the proof's origin
// and sizes, and the RFC 9162 consistency proof between the two tree heads are all checked;
// no export is read.
import { checkConsistency, parseConsistencyProof } from '@tally/proofs';
import { failure } from '../errors.js';
import { type CliIo, writeOut } from '../io.js';
import { readProofFile, readPublicKeyFile, readVerifiedCheckpoint } from './proof-inputs.js';

export interface VerifyConsistencyOptions {
  readonly oldCheckpoint: string;
  readonly newCheckpoint: string;
  readonly proof: string;
  readonly publicKey: string;
}

export async function verifyConsistencyCommand(options: VerifyConsistencyOptions, io: CliIo): Promise<void> {
  const key = await readPublicKeyFile(options.publicKey);
  const older = await readVerifiedCheckpoint(options.oldCheckpoint, key);
  const newer = await readVerifiedCheckpoint(options.newCheckpoint, key);
  const parsed = parseConsistencyProof(await readProofFile(options.proof));
  if (!parsed.ok) throw failure(`${options.proof}: ${parsed.problem}`);
  const names = { old: options.oldCheckpoint, new: options.newCheckpoint, proof: options.proof };
  const verdict = checkConsistency(older, newer, parsed.value, names);
  if (!verdict.ok) throw failure(verdict.problem);
  await writeOut(
    io.stdout,
    `consistent: ${options.newCheckpoint} (${newer.size} events) extends ${options.oldCheckpoint} (${older.size} events) of ${older.origin}: its first ${older.size} events are the ones the older checkpoint signs\n`,
  );
}
