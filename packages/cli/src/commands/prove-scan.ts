// What prove and prove-consistency share: the export read once with every leaf hash kept, and a
// refusal of @tally/proofs' proving checks as the CLI's error: inputs that do not go together
// are bad usage (exit 2); an export that is not the log a checkpoint signs is the answer "no"
// (exit 1).
import { type ProvingVerdict, type ScannedExport, scanExport } from '@tally/proofs';
import { badInput, failure } from '../errors.js';

export async function scanForProofs(path: string, name: string): Promise<ScannedExport> {
  const scan = await scanExport(path, { name, keepLeaves: true });
  if (!scan.ok) throw badInput(scan.problem);
  return scan.value as ScannedExport;
}

/** The verdict's value, or the CLI error that refuses it. */
export function provenOrThrow<T>(verdict: ProvingVerdict<T>): T {
  if (verdict.ok) return verdict.value;
  throw verdict.misuse ? badInput(`tally: ${verdict.problem}`) : failure(verdict.problem);
}
