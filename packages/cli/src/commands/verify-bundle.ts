// `tally verify-bundle BUNDLE --public-key NAME.pub`: one invoice checked from its bundle alone
// (@tally/proofs' verifyBundleFile): the bytes, the checkpoint's signature, every event's seal and
// the domain's rules, the consistency proof from the bundle's events to the signed tree head,
// and the invoice priced again from those events. An invoice computed with other versions than
// this verifier's (its manifest) is noted on stderr, and verifies all the same.
import { verifyBundleFile } from '@tally/proofs';
import { failure, terminalLine } from '../errors.js';
import { openEventFile } from '../input/event-file.js';
import { type CliIo, writeOut } from '../io.js';
import { exportEventIds, readPublicKeyFile } from './proof-inputs.js';

export async function verifyBundleCommand(
  options: { readonly file: string; readonly publicKey: string },
  io: CliIo,
): Promise<void> {
  const key = await readPublicKeyFile(options.publicKey);
  const file = await openEventFile(options.file, io.stdin);
  try {
    // The bundle's events are its lines after the header.
    const verdict = await verifyBundleFile(file.path, key, file.name, {
      eventIds: exportEventIds(file.path),
    });
    if (!verdict.ok) throw failure(verdict.problem);
    const { invoice, events, checkpoint, manifestNote } = verdict.value;
    if (manifestNote !== undefined) io.stderr.write(`${terminalLine(`tally: note: ${manifestNote}`)}\n`);
    await writeOut(
      io.stdout,
      `verified ${file.name}: invoice ${invoice.eventId} of ${invoice.data.orgId} for ${invoice.data.billingDate}, ${invoice.data.currency} ${invoice.data.total}, reproduced from the first ${events} of the ${checkpoint.size} events the checkpoint signs (${checkpoint.origin}, root ${checkpoint.root.toString('base64')})\n`,
    );
  } finally {
    await file.dispose();
  }
}
