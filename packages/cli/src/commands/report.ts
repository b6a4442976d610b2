// `tally report`: the auditor's HTML report (@tally/report), from one streaming read of the org's
// events.
import type { TallyEvent } from '@tally/domain';
import { loadOrgEventsOrNone } from '@tally/ledger';
import { checkLogFile, logFileChecker } from '@tally/ledger/log-files';
import { buildReport, createReportScan, reportPage } from '@tally/report';
import { type CliIo, writeOut } from '../io.js';
import { checkOutFile, writeFileAtomically } from '../out-file.js';
import { billingFailure, type CommonOptions, withEventFile, withSource } from './with-source.js';

export interface ReportCommandOptions extends CommonOptions {
  readonly org: string;
  readonly from: string;
  readonly to: string;
  readonly asKnownAt?: string | undefined;
  /** Absent: stdout. */
  readonly out?: string | undefined;
}

export async function reportCommand(options: ReportCommandOptions, io: CliIo): Promise<void> {
  if (options.out !== undefined) await checkOutFile(options.out);
  const asKnownAt = options.asKnownAt ?? io.now();
  const reportOptions = { orgId: options.org, from: options.from, to: options.to, asKnownAt };
  // A file is read once, its timeline the log check's (as invoices does); a store streams through.
  const page =
    (await withEventFile(options, io, 'report', async (file, progress) => {
      const checker = logFileChecker(file);
      const scan = createReportScan(reportOptions, {
        timeline: () => checker.stateOf(options.org)?.entities,
      });
      const onEvent = (event: TallyEvent) => {
        scan.push(event);
        return true;
      };
      await checkLogFile(file, { checker, progress, onEvent });
      return reportPage(scan, reportOptions);
    })) ??
    (await withSource(options, io, 'report', (store) =>
      buildReport(loadOrgEventsOrNone(store, options.org), reportOptions),
    ));
  if (page._tag === 'Left') throw billingFailure(page.left);
  const html = page.right;
  if (options.out === undefined) {
    await writeOut(io.stdout, html);
    return;
  }
  await writeFileAtomically(options.out, async (out) => {
    out.write(html);
  });
  if (!options.quiet) io.stderr.write(`wrote ${options.out}\n`);
}
