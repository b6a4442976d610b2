// `tally verify`: is a sealed export intact and does it hold? @tally/proofs' verifyExport reads
// it once and checks the bytes, the chain, the codecs, the log's consistency, every issued
// invoice priced again, and with --checkpoint the tree heads signed (docs/proofs.md); the
// FIRST thing that breaks is named, exit 1; an invoice computed with other versions than this
// verifier's (its manifest) is noted on stderr. Here: the files, the progress, the notes and the summary.
import { type SignedHead, verifyExport } from '@tally/proofs';
import { failure, terminalLine } from '../errors.js';
import { openEventFile } from '../input/event-file.js';
import { createProgress } from '../input/progress.js';
import { type CliIo, writeOut } from '../io.js';
import { exportEventIds, readPublicKeyFile, readVerifiedCheckpoint } from './proof-inputs.js';

export interface VerifyCommandOptions {
  readonly file: string;
  readonly quiet: boolean;
  /** Checkpoint files the export must match (each needs `publicKey`). */
  readonly checkpoints?: readonly string[];
  readonly publicKey?: string | undefined;
}

export async function verifyCommand(options: VerifyCommandOptions, io: CliIo): Promise<void> {
  // The key and the checkpoints are checked before the export is read: a long read is not
  // wasted on a checkpoint that does not verify.
  const heads = await signedHeads(options);
  const file = await openEventFile(options.file, io.stdin);
  const progress = createProgress(io, 'verify', { quiet: options.quiet });
  try {
    const verified = await verifyExport(file.path, {
      name: file.name,
      checkpoints: heads,
      eventIds: exportEventIds(file.path),
      onLine: () => progress.tick(),
    });
    if (!verified.ok) throw failure(verified.problem);
    progress.done();
    const { lines, head, invoices, manifestNotes } = verified.value;
    for (const note of manifestNotes) io.stderr.write(`${terminalLine(`tally: note: ${note}`)}\n`);
    const summary = [
      `verified ${file.name}: ${lines} lines, chain head ${head}, ${invoices} issued ${invoices === 1 ? 'invoice' : 'invoices'} reproduced`,
      ...heads.map(({ name, checkpoint }) => {
        const later = lines - checkpoint.size;
        return `matches ${name}: lines 1-${checkpoint.size} are the ${checkpoint.size} events it signs for ${checkpoint.origin} (root ${checkpoint.root.toString('base64')})${later > 0 ? `; lines ${checkpoint.size + 1}-${lines} are later` : ''}`;
      }),
    ];
    await writeOut(io.stdout, `${summary.join('\n')}\n`);
  } finally {
    progress.done();
    await file.dispose();
  }
}

async function signedHeads(options: VerifyCommandOptions): Promise<SignedHead[]> {
  const paths = options.checkpoints ?? [];
  if (paths.length === 0) return [];
  const key = await readPublicKeyFile(options.publicKey as string);
  const heads: SignedHead[] = [];
  for (const path of paths) heads.push({ name: path, checkpoint: await readVerifiedCheckpoint(path, key) });
  return heads;
}
