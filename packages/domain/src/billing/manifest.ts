// The manifest of an issued invoice (docs/billing.md#the-manifest): what computed it. The engine
// is this package at its version; the rules version names the billing rules themselves, so two
// engine releases that bill the same events the same way share it; the time-zone database is the
// one the host's Intl (and so Temporal) reads zone offsets from. A verifier compares the issued
// manifest with its own and reports a difference; it never refuses an invoice for one.
import type { InvoiceManifest } from '../events/types.js';

/** The version of @tally/domain (its package.json's; a test holds them equal). */
export const ENGINE_VERSION = '0.1.0';

/** The version of the billing rules (docs/billing.md#the-manifest): bumped by any change to what
 * the rules bill for the same events (prices, proration, the schedule, tally instants,
 * corrections, numbering), not by a release that bills every log as before. */
export const RULES_VERSION = '1';

/** The manifest of this engine and these rules on a host whose time-zone database is `tzdbVersion`. */
export const invoiceManifest = (tzdbVersion: string): InvoiceManifest => ({
  engineVersion: ENGINE_VERSION,
  rulesVersion: RULES_VERSION,
  tzdbVersion,
});

/** The time-zone database of this process (Node's ICU data, `process.versions.tz`), or
 * `"unknown"` on a runtime that does not say. Read by the ledger when it issues and by a
 * verifier when it compares, never by a decider: the decider gets the manifest with the command. */
export function hostTzdbVersion(): string {
  const versions = (globalThis as { process?: { versions?: { tz?: unknown } } }).process?.versions;
  return typeof versions?.tz === 'string' && versions.tz !== '' ? versions.tz : 'unknown';
}

/** One field where an issued manifest differs from a verifier's. */
export interface ManifestDifference {
  readonly field: keyof InvoiceManifest;
  readonly issued: string;
  readonly own: string;
}

const FIELDS = ['engineVersion', 'rulesVersion', 'tzdbVersion'] as const;

/** The fields where `issued` differs from `own`, in manifest order; none for an invoice issued
 * without a manifest (version 1, or version 2 with `null`): nothing to compare. */
export function manifestDifferences(
  issued: InvoiceManifest | null,
  own: InvoiceManifest,
): ManifestDifference[] {
  if (issued === null) return [];
  return FIELDS.filter((field) => issued[field] !== own[field]).map((field) => ({
    field,
    issued: issued[field],
    own: own[field],
  }));
}
