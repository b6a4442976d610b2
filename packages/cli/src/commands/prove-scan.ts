// What prove and prove-consistency share: the export read once with every leaf hash kept, and
// held to a checkpoint's tree head. An export whose first lines do not give the head a
// checkpoint states is not the log it signs: that is the answer "no" (exit 1), not bad usage.
import {
  type ExportScan,
  orgIdOfOrigin,
  type ParsedCheckpoint,
  scanExport,
  subtreeHash,
} from '@tally/proofs';
import { badInput, failure } from '../errors.js';

export async function scanForProofs(
  path: string,
  name: string,
): Promise<ExportScan & { leaves: NonNullable<ExportScan['leaves']> }> {
  const scan = await scanExport(path, { name, keepLeaves: true });
  if (!scan.ok) throw badInput(scan.problem);
  return scan.value as ExportScan & { leaves: NonNullable<ExportScan['leaves']> };
}

/** Throws unless the export is of the checkpoint's org and its first `size` lines give its root. */
export function holdToCheckpoint(
  scan: ExportScan & { leaves: NonNullable<ExportScan['leaves']> },
  name: string,
  parsed: ParsedCheckpoint,
  checkpointPath: string,
): void {
  const { checkpoint } = parsed;
  const orgId = orgIdOfOrigin(checkpoint.origin);
  if (orgId !== scan.orgId) {
    throw badInput(
      `tally: ${checkpointPath} is a checkpoint of ${checkpoint.origin}, but ${name} is an export of org ${scan.orgId}`,
    );
  }
  if (scan.lines < checkpoint.size) {
    throw failure(
      `${name}: the checkpoint signs ${checkpoint.size} events, the export has ${scan.lines} (${checkpointPath}): give the export the checkpoint was made from, or a later one`,
    );
  }
  const root = subtreeHash(scan.leaves, 0, checkpoint.size);
  if (!root.equals(checkpoint.root)) {
    throw failure(
      `${name}: lines 1-${checkpoint.size} do not give the tree head ${checkpointPath} signs for ${checkpoint.size} events: this export is not (an extension of) the log it signs`,
    );
  }
}
