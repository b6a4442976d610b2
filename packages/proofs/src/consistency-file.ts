// The file `tally prove-consistency` writes (docs/proofs.md, "The consistency proof file"): one
// line of RFC 8785 canonical JSON and a LF, naming the origin and both sizes so that a proof
// cannot be checked against checkpoints it was not made for.
import { isUtf8 } from 'node:buffer';
import { canonicalJson } from '@tally/domain';
import { HASH_BYTES, type Hash } from './hash.js';
import { accept, refuse, type Verdict } from './verdict.js';

export const CONSISTENCY_FORMAT = 'tally-consistency-proof/1';

export interface ConsistencyProofFile {
  readonly origin: string;
  readonly oldSize: number;
  readonly newSize: number;
  readonly proof: readonly Hash[];
}

export function consistencyProofText(file: ConsistencyProofFile): string {
  const json = canonicalJson({
    format: CONSISTENCY_FORMAT,
    newSize: file.newSize,
    oldSize: file.oldSize,
    origin: file.origin,
    proof: file.proof.map((hash) => hash.toString('base64')),
  });
  return `${json}\n`;
}

const KEYS = ['format', 'newSize', 'oldSize', 'origin', 'proof'];

export function parseConsistencyProof(bytes: Uint8Array): Verdict<ConsistencyProofFile> {
  if (!isUtf8(bytes)) return refuse('not UTF-8 (a byte was changed)');
  const text = Buffer.from(bytes).toString('utf8');
  if (!text.endsWith('\n') || text.indexOf('\n') !== text.length - 1) {
    return refuse('not one line ending with LF, as tally prove-consistency writes it');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse('not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return refuse('not a JSON object');
  const file = json as Record<string, unknown>;
  const keys = Object.keys(file).sort();
  if (keys.join() !== KEYS.join())
    return refuse(`has the fields ${keys.join(', ')}; a proof has ${KEYS.join(', ')}`);
  if (file.format !== CONSISTENCY_FORMAT)
    return refuse(`format: ${JSON.stringify(file.format)}, not "${CONSISTENCY_FORMAT}"`);
  const { origin, oldSize, newSize } = file;
  if (typeof origin !== 'string') return refuse('origin: not a string');
  for (const [name, size] of [
    ['oldSize', oldSize],
    ['newSize', newSize],
  ] as const) {
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
      return refuse(`${name}: not a number of events`);
  }
  if (!Array.isArray(file.proof)) return refuse('proof: not a list of hashes');
  const proof: Hash[] = [];
  for (const [i, item] of file.proof.entries()) {
    const hash = typeof item === 'string' ? Buffer.from(item, 'base64') : undefined;
    if (hash === undefined || hash.length !== HASH_BYTES || hash.toString('base64') !== item) {
      return refuse(`proof[${i}]: not the base64 of a 32-byte hash`);
    }
    proof.push(hash);
  }
  if (`${canonicalJson(file)}\n` !== text)
    return refuse('not in RFC 8785 canonical form (the bytes were rewritten)');
  return accept({ origin, oldSize: oldSize as number, newSize: newSize as number, proof });
}
