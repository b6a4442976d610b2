// `tally verify --checkpoint OLD --checkpoint NEW --proof P --public-key K`: does the newer
// signed log only extend the older one? Both signatures, the same origin, the proof's origin
// and sizes, and the RFC 9162 consistency proof between the two tree heads are all checked;
// no export is read.
import { parseConsistencyProof, verifyConsistency } from '@tally/proofs';
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
  const proof = parsed.value;
  if (older.origin !== newer.origin) {
    throw failure(
      `${options.newCheckpoint}: a checkpoint of ${newer.origin}, but ${options.oldCheckpoint} is one of ${older.origin}`,
    );
  }
  if (older.size > newer.size) {
    throw failure(
      `${options.oldCheckpoint}: signs ${older.size} events, more than the ${newer.size} of ${options.newCheckpoint}: give the older checkpoint first`,
    );
  }
  if (proof.origin !== older.origin || proof.oldSize !== older.size || proof.newSize !== newer.size) {
    throw failure(
      `${options.proof}: a proof for ${proof.origin} from ${proof.oldSize} to ${proof.newSize} events, not from ${older.size} to ${newer.size} events of ${older.origin}`,
    );
  }
  const verdict = verifyConsistency(older.size, newer.size, older.root, newer.root, proof.proof);
  if (!verdict.ok) {
    throw failure(
      `${options.proof}: ${options.newCheckpoint} does not extend ${options.oldCheckpoint}: ${verdict.problem}`,
    );
  }
  await writeOut(
    io.stdout,
    `consistent: ${options.newCheckpoint} (${newer.size} events) extends ${options.oldCheckpoint} (${older.size} events) of ${older.origin}: its first ${older.size} events are the ones the older checkpoint signs\n`,
  );
}
