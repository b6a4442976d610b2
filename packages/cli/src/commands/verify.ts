// `tally verify`: is a sealed export intact and does it hold? @tally/proofs' verifyExport reads
// it once and checks the bytes, the chain, the codecs, the log's consistency, every issued
// invoice priced again, and with --checkpoint the tree heads signed (docs/proofs.md); the
// FIRST thing that breaks is named, exit 1; an invoice computed with other versions than this
// verifier's (its manifest) is noted on stderr. Here: the files, the progress, the notes and the summary.
import { statSync } from 'node:fs';
import { EventIdTable } from '@tally/domain';
import { lineAtSync } from '@tally/ledger/log-files';
import { type SignedHead, verifyExport } from '@tally/proofs';
import { failure, terminalLine } from '../errors.js';
import { openEventFile } from '../input/event-file.js';
import { createProgress } from '../input/progress.js';
import { type CliIo, writeOut } from '../io.js';
import { readPublicKeyFile, readVerifiedCheckpoint } from './proof-inputs.js';

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

/** The export's event ids as hashes (12 bytes an event, not a Map of every id): a line whose
 * hashes match an earlier one's is told apart by reading the earlier line back. */
function exportEventIds(path: string): EventIdTable {
  const recall = (line: number) => {
    const text = lineAtSync(path, line);
    // The line was accepted: one JSON object whose eventId is a string.
    return text === undefined ? undefined : (JSON.parse(text) as { eventId: string }).eventId;
  };
  // Sized as the file reader sizes its table (lines of 256 bytes), plus each line's chain member
  // (`"chain":"<64 hex>",`, 76 bytes): sized for 256 alone, a million-line export got a table
  // for four million ids (48 MB instead of 24).
  return new EventIdTable(recall, statSync(path).size / (256 + 76));
}
