// `tally keygen --out NAME`: an Ed25519 key pair for signing checkpoints, NAME.key (PKCS#8 PEM,
// readable by its owner only) and NAME.pub (SPKI PEM, to hand to auditors). Existing files are
// never overwritten: a lost signing key would orphan every checkpoint it signed.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { generateSigningKeyPair } from '@tally/proofs';
import { badInput } from '../errors.js';
import type { CliIo } from '../io.js';
import { checkOutFile } from '../out-file.js';
import { writeNewFile } from './proof-inputs.js';

export async function keygenCommand(options: { readonly out: string }, io: CliIo): Promise<void> {
  const privatePath = `${options.out}.key`;
  const publicPath = `${options.out}.pub`;
  for (const path of [privatePath, publicPath]) {
    await checkOutFile(path);
    if (existsSync(path)) throw badInput(`tally: ${path} exists; tally keygen never overwrites a key`);
  }
  const pair = generateSigningKeyPair();
  await writeNewFile(privatePath, pair.privateKey, 0o600);
  try {
    await writeNewFile(publicPath, pair.publicKey, 0o644);
  } catch (error) {
    await rm(privatePath, { force: true });
    throw error;
  }
  io.stderr.write(
    `wrote ${privatePath} (secret: signs checkpoints) and ${publicPath} (public: give it to auditors)\n`,
  );
}
