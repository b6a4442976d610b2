// Cases 7 and 8: every invoice of the history (24 monthly billing dates), in memory with the
// domain's `invoicesBetween` and from the in-memory store with the ledger's `invoicesFromStore`,
// each against case 1's hand loop (one pass, billable devices at one instant): the engine's
// target is invoices for the cost of about one plain pass.
import { type Invoice, instantToEpochMs, invoicesBetween, serializeInvoice } from '@tally/domain';
import { getInMemoryEventStore, invoicesFromStore, orgStreamName } from '@tally/ledger';
import { invoicesDigest } from './cli-case.js';
import type { GeneratedOrg } from './generate.js';
import { handCountBillable } from './hand-loop.js';
import { compare } from './measure.js';
import { type CaseResult, ratioCase } from './report.js';

const MAX_RATIO = 1.3;

const digestOf = (invoices: readonly Invoice[]) =>
  invoicesDigest(invoices.map((invoice) => serializeInvoice(invoice)).join('\n'));

function queryOf(org: GeneratedOrg) {
  return { orgId: org.orgId, from: org.startDate, to: org.endDate, asKnownAt: org.endInstant };
}

export async function invoicesBetweenCase(
  org: GeneratedOrg,
  runs: number,
): Promise<{ row: CaseResult; digest: string }> {
  const query = queryOf(org);
  const atMs = instantToEpochMs(org.endInstant);
  const run = () => {
    const result = invoicesBetween(org.events, query);
    if (result._tag === 'Left') throw new Error(`invoicesBetween: ${result.left.message}`);
    return result.right;
  };
  const invoices = run();
  const { tallyMs, baselineMs } = await compare(run, () => handCountBillable(org.events, atMs), runs);
  return {
    row: ratioCase(
      '7. invoicesBetween vs hand loop',
      'ms',
      tallyMs,
      baselineMs,
      MAX_RATIO,
      `${org.events.length} decoded events; ${invoices.length} invoices`,
    ),
    digest: digestOf(invoices),
  };
}

/** `expected`: invoicesBetween's invoices on the same events, which these must equal. */
export async function invoicesFromStoreCase(
  org: GeneratedOrg,
  runs: number,
  expected: string,
): Promise<CaseResult> {
  const store = getInMemoryEventStore();
  const stream = orgStreamName(org.orgId);
  for (let i = 0; i < org.events.length; i += 10_000) {
    await store.appendToStream(stream, org.events.slice(i, i + 10_000));
  }
  const query = queryOf(org);
  const atMs = instantToEpochMs(org.endInstant);
  const run = async () => {
    const result = await invoicesFromStore(store, query);
    if (result._tag === 'Left') throw new Error(`invoicesFromStore: ${result.left.message}`);
    return result.right;
  };
  try {
    const invoices = await run();
    if (digestOf(invoices) !== expected) {
      throw new Error(
        'case 8: invoicesFromStore and invoicesBetween give different invoices on the same events',
      );
    }
    const { tallyMs, baselineMs } = await compare(run, () => handCountBillable(org.events, atMs), runs);
    return ratioCase(
      '8. invoicesFromStore (in-memory store) vs hand loop',
      'ms',
      tallyMs,
      baselineMs,
      MAX_RATIO,
      `${org.events.length} events in the store; ${invoices.length} invoices`,
    );
  } finally {
    await store.close();
  }
}
