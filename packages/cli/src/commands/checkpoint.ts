// `tally checkpoint sealed.jsonl --key NAME.key [--out FILE]`: the signed tree head of a sealed
// export, as a C2SP tlog-checkpoint note (docs/proofs.md). The export is read once; its bytes
// and chain are checked (the domain's rules are tally verify's), so nothing unsealed is signed.
import { checkpointOfExport, scanExport } from '@tally/proofs';
import { badInput } from '../errors.js';
import { openEventFile } from '../input/event-file.js';
import { type CliIo, writeOut } from '../io.js';
import { readPrivateKeyFile, writeOutFile } from './proof-inputs.js';

export interface CheckpointCommandOptions {
  readonly file: string;
  readonly key: string;
  readonly out?: string | undefined;
  readonly quiet: boolean;
}

export async function checkpointCommand(options: CheckpointCommandOptions, io: CliIo): Promise<void> {
  const key = await readPrivateKeyFile(options.key);
  const file = await openEventFile(options.file, io.stdin);
  try {
    const scan = await scanExport(file.path, { name: file.name });
    if (!scan.ok) throw badInput(scan.problem);
    const signed = checkpointOfExport(scan.value, key, file.name);
    if (!signed.ok) throw badInput(`tally: ${signed.problem}`);
    const { checkpoint, note } = signed.value;
    if (options.out === undefined) {
      await writeOut(io.stdout, note);
    } else {
      await writeOutFile(options.out, note);
    }
    if (!options.quiet) {
      io.stderr.write(
        `${options.out === undefined ? 'signed' : `wrote ${options.out}:`} ${checkpoint.origin}, ${checkpoint.size} events, root ${checkpoint.root.toString('base64')}\n`,
      );
    }
  } finally {
    await file.dispose();
  }
}
