// Case 10: the auditor's proofs end to end, as separate processes on the plain org's file with
// one InvoiceIssued appended (the invoice of its last billing date, priced by the domain as known
// at the end of the log, so that verify reproduces it): `tally export --out` and `tally verify
// --checkpoint` each against `tally invoices` on the same file (within 2x), their peak RSS
// (< 300 MB), and `tally verify-bundle` of that last invoice (< 5 s), whose bundle is the whole
// log. Wall times are medians of `runs`, the commands in turn.
import { appendFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { invoiceAt, serializeEvent, type TallyEvent, toInvoiceJson, upcastInvoiceV1 } from '@tally/domain';
import { cliCommand, type Measured, measureOnce, median } from './cli-case.js';
import type { GeneratedOrg } from './generate.js';
import { absoluteCase, type CaseResult, notRun, ratioCase } from './report.js';

const MAX_RATIO = 2;
const PEAK_MB = 300;
const BUNDLE_SECONDS = 5;

const names = {
  exportRatio: '10a. tally export --out vs tally invoices',
  verifyRatio: '10b. tally verify --checkpoint vs tally invoices',
  peak: '10c. export / verify --checkpoint (peak RSS)',
  bundle: '10d. tally verify-bundle, last invoice (wall)',
};

/** The plain file with the invoice of its last billing date issued at its end. */
function writeInvoicedFile(dir: string, plainFile: string, org: GeneratedOrg): string {
  const file = join(dir, 'invoiced.jsonl');
  copyFileSync(plainFile, file);
  const issuedAt = org.endInstant;
  const invoice = invoiceAt(org.events, { orgId: org.orgId, billingDate: org.endDate, asKnownAt: issuedAt });
  if (invoice._tag === 'Left')
    throw new Error(`case 10: no invoice on ${org.endDate}: ${invoice.left.message}`);
  const issued: TallyEvent = {
    type: 'InvoiceIssued',
    eventId: `${org.orgId}-invoice-${org.endDate}`,
    orgId: org.orgId,
    occurredAt: issuedAt,
    recordedAt: issuedAt,
    data: upcastInvoiceV1(toInvoiceJson(invoice.right)),
  };
  appendFileSync(file, `${serializeEvent(issued)}\n`);
  return file;
}

export async function proofCases(
  dir: string,
  plainFile: string,
  org: GeneratedOrg,
  runs: number,
): Promise<CaseResult[]> {
  const command = cliCommand();
  const failed = (why: string): CaseResult[] => [
    notRun(names.exportRatio, 's', `ratio <= ${MAX_RATIO}`, why),
    notRun(names.verifyRatio, 's', `ratio <= ${MAX_RATIO}`, why),
    notRun(names.peak, 'MB', `< ${PEAK_MB} MB`, why),
    notRun(names.bundle, 's', `< ${BUNDLE_SECONDS} s`, why),
  ];
  if (command === undefined) return failed('not run: packages/cli has no bin.ts yet');
  const [program, ...prefix] = command as [string, ...string[]];
  const tally = (...args: string[]) => measureOnce(program, [...prefix, ...args]);
  const file = writeInvoicedFile(dir, plainFile, org);
  const sealed = join(dir, 'invoiced.sealed.jsonl');
  const at = (name: string) => join(dir, name);
  const setup = [
    ['export', file, '--org', org.orgId, '--out', sealed, '--quiet'],
    ['keygen', '--out', at('bench')],
    ['checkpoint', sealed, '--key', at('bench.key'), '--out', at('bench.checkpoint'), '--quiet'],
    [
      'prove',
      sealed,
      '--date',
      org.endDate,
      '--checkpoint',
      at('bench.checkpoint'),
      '--out',
      at('last.bundle'),
      '--quiet',
    ],
  ];
  for (const args of setup) {
    const result = await tally(...args);
    if (typeof result === 'string') return failed(`tally ${args[0]}: ${result}`);
  }
  const commands: Record<string, string[]> = {
    invoices: [
      'invoices',
      file,
      '--org',
      org.orgId,
      '--from',
      org.startDate,
      '--to',
      org.endDate,
      '--format',
      'jsonl',
      '--quiet',
    ],
    export: ['export', file, '--org', org.orgId, '--out', at('again.sealed.jsonl'), '--quiet'],
    verify: [
      'verify',
      sealed,
      '--checkpoint',
      at('bench.checkpoint'),
      '--public-key',
      at('bench.pub'),
      '--quiet',
    ],
    bundle: ['verify-bundle', at('last.bundle'), '--public-key', at('bench.pub')],
  };
  const measured: Record<string, Measured[]> = { invoices: [], export: [], verify: [], bundle: [] };
  for (let run = 0; run < runs; run++) {
    for (const [name, args] of Object.entries(commands)) {
      const result = await tally(...args);
      if (typeof result === 'string') return failed(`tally ${name}: ${result}`);
      measured[name]?.push(result);
    }
  }
  const seconds = (name: string) => median((measured[name] as Measured[]).map((m) => m.seconds));
  const peakMb = (name: string) => Math.max(...(measured[name] as Measured[]).map((m) => m.peakKb)) / 1024;
  const events = `${org.events.length + 1} events; median of ${runs} runs`;
  return [
    ratioCase(
      names.exportRatio,
      's',
      seconds('export'),
      seconds('invoices'),
      MAX_RATIO,
      `${events}; peak ${peakMb('export').toFixed(0)} MB`,
    ),
    ratioCase(
      names.verifyRatio,
      's',
      seconds('verify'),
      seconds('invoices'),
      MAX_RATIO,
      `${events}; peak ${peakMb('verify').toFixed(0)} MB`,
    ),
    absoluteCase(
      names.peak,
      'MB',
      Math.max(peakMb('export'), peakMb('verify')),
      { below: PEAK_MB },
      `invoices: ${peakMb('invoices').toFixed(0)} MB`,
    ),
    absoluteCase(
      names.bundle,
      's',
      seconds('bundle'),
      { below: BUNDLE_SECONDS },
      `a bundle of ${org.events.length + 1} events; peak ${peakMb('bundle').toFixed(0)} MB`,
    ),
  ];
}
