// `tally prove-consistency --old C1 --new C2 sealed.jsonl --out PROOF`: the RFC 9162 consistency
// proof that the log of the newer checkpoint extends that of the older one, made from an export
// holding at least the newer checkpoint's events (docs/proofs.md, "The consistency proof file").
import { checkpointsInOrder, consistencyProofBetween } from '@tally/proofs';
import { openEventFile } from '../input/event-file.js';
import type { CliIo } from '../io.js';
import { readCheckpointForm, writeOutFile } from './proof-inputs.js';
import { provenOrThrow, scanForProofs } from './prove-scan.js';

export interface ProveConsistencyOptions {
  readonly file: string;
  readonly old: string;
  readonly new: string;
  readonly out: string;
  readonly quiet: boolean;
}

export async function proveConsistencyCommand(options: ProveConsistencyOptions, io: CliIo): Promise<void> {
  const older = await readCheckpointForm(options.old, '--old');
  const newer = await readCheckpointForm(options.new, '--new');
  provenOrThrow(checkpointsInOrder(older.checkpoint, newer.checkpoint, options));
  const file = await openEventFile(options.file, io.stdin);
  try {
    const scan = await scanForProofs(file.path, file.name);
    const names = { export: file.name, old: options.old, new: options.new };
    const { text, hashes } = provenOrThrow(
      consistencyProofBetween(scan, older.checkpoint, newer.checkpoint, names),
    );
    await writeOutFile(options.out, text);
    if (!options.quiet) {
      io.stderr.write(
        `wrote ${options.out}: ${older.checkpoint.origin} from ${older.checkpoint.size} to ${newer.checkpoint.size} events, ${hashes} ${hashes === 1 ? 'hash' : 'hashes'}\n`,
      );
    }
  } finally {
    await file.dispose();
  }
}
