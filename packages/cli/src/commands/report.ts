// `tally report`: the auditor's HTML report (src/report), from one streaming read of the org's
// events: the scan builds the org's timeline, and the domain prices the invoices and gives every
// count the page shows off it.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { isStreamNotFoundError, loadOrgEvents } from '@tally/ledger';
import { type CliIo, writeOut } from '../io.js';
import { checkOutFile } from '../out-file.js';
import { createReportScan, finishReport, planReport, renderReport } from '../report/index.js';
import { billingFailure, type CommonOptions, withSource } from './with-source.js';

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
  const html = await withSource(options, io, 'report', async (store) => {
    const scan = createReportScan(reportOptions);
    try {
      for await (const event of loadOrgEvents(store, options.org)) scan.push(event);
    } catch (error) {
      // No stream: the plan reports the org as unknown, like an org without a registration.
      if (!isStreamNotFoundError(error)) throw error;
    }
    const plan = planReport(scan, reportOptions);
    if (plan._tag === 'Left') throw billingFailure(plan.left);
    const data = finishReport(plan.right);
    if (data._tag === 'Left') throw billingFailure(data.left);
    return renderReport(data.right);
  });
  if (options.out === undefined) {
    await writeOut(io.stdout, html);
    return;
  }
  await writeFileAtomically(options.out, html);
  if (!options.quiet) io.stderr.write(`wrote ${options.out}\n`);
}

/** Beside the target, then renamed: a failed write leaves no half page. */
async function writeFileAtomically(path: string, text: string): Promise<void> {
  const partial = `${path}.partial`;
  const file = createWriteStream(partial);
  try {
    file.end(text);
    await once(file, 'finish');
    await rename(partial, path);
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
