// `tally prove-consistency --old C1 --new C2 sealed.jsonl --out PROOF`: the RFC 9162 consistency
// proof that the log of the newer checkpoint extends that of the older one, made from an export
// holding at least the newer checkpoint's events (docs/proofs.md, "The consistency proof file").
import { consistencyProof, consistencyProofText } from '@tally/proofs';
import { badInput } from '../errors.js';
import { openEventFile } from '../input/event-file.js';
import type { CliIo } from '../io.js';
import { readCheckpointForm, writeOutFile } from './proof-inputs.js';
import { holdToCheckpoint, scanForProofs } from './prove-scan.js';

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
  if (older.checkpoint.origin !== newer.checkpoint.origin) {
    throw badInput(
      `tally: --old ${options.old} is a checkpoint of ${older.checkpoint.origin}, --new ${options.new} one of ${newer.checkpoint.origin}`,
    );
  }
  if (older.checkpoint.size > newer.checkpoint.size) {
    throw badInput(
      `tally: --old ${options.old} signs ${older.checkpoint.size} events, more than the ${newer.checkpoint.size} of --new ${options.new}: swap them`,
    );
  }
  const file = await openEventFile(options.file, io.stdin);
  try {
    const scan = await scanForProofs(file.path, file.name);
    holdToCheckpoint(scan, file.name, older, options.old);
    holdToCheckpoint(scan, file.name, newer, options.new);
    const proof = consistencyProof(scan.leaves, older.checkpoint.size, newer.checkpoint.size);
    const text = consistencyProofText({
      origin: older.checkpoint.origin,
      oldSize: older.checkpoint.size,
      newSize: newer.checkpoint.size,
      proof,
    });
    await writeOutFile(options.out, text);
    if (!options.quiet) {
      io.stderr.write(
        `wrote ${options.out}: ${older.checkpoint.origin} from ${older.checkpoint.size} to ${newer.checkpoint.size} events, ${proof.length} ${proof.length === 1 ? 'hash' : 'hashes'}\n`,
      );
    }
  } finally {
    await file.dispose();
  }
}
