// What a verifier says when an invoice was computed by another engine, other rules or another
// time-zone database than its own (docs/proofs.md#the-manifest): a note, never a refusal. The
// invoice is reproduced all the same; the note says which versions did it then and which now.
import {
  hostTzdbVersion,
  type InvoiceIssued,
  type InvoiceManifest,
  invoiceManifest,
  type ManifestDifference,
  manifestDifferences,
} from '@tally/domain';

/** The verifier's own manifest: this engine and these rules on this host's tzdb. */
export const verifierManifest = (): InvoiceManifest => invoiceManifest(hostTzdbVersion());

const LABELS: Record<ManifestDifference['field'], string> = {
  engineVersion: 'engine',
  rulesVersion: 'rules',
  tzdbVersion: 'tzdb',
};

const joined = (parts: readonly string[]) =>
  parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;

/** `computed with tzdb 2025b, this verifier has tzdb 2024a`, or undefined when the invoice has
 * no manifest or the same one. */
export function manifestDifferenceText(invoice: InvoiceIssued, own: InvoiceManifest): string | undefined {
  const differences = manifestDifferences(invoice.data.manifest, own);
  if (differences.length === 0) return undefined;
  const issued = joined(differences.map(({ field, issued }) => `${LABELS[field]} ${issued}`));
  const mine = joined(differences.map(({ field, own }) => `${LABELS[field]} ${own}`));
  return `computed with ${issued}, this verifier has ${mine}`;
}

/** The note on a reproduced invoice whose manifest differs from `own`: `invoice CHEM-3 was
 * computed with tzdb 2025b, this verifier has tzdb 2024a; reproduced the same bytes`. */
export function manifestNote(invoice: InvoiceIssued, own: InvoiceManifest): string | undefined {
  const text = manifestDifferenceText(invoice, own);
  const name = invoice.data.number ?? invoice.eventId;
  return text === undefined ? undefined : `invoice ${name} was ${text}; reproduced the same bytes`;
}
