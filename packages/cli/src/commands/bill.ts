// `tally bill`: the billing run at an instant (docs/cli.md, "tally bill"), by @tally/ledger's
// billingRun and its summary renderers; this file only opens the source, prints, and with
// --append keeps what was issued. A file is read (and held to the log checker) into an in-memory
// store; what the run issues is written as canonical lines at the file's end, stamped as
// recorded at the run's instant. A store gets the events appended, stamped by its clock.

import { appendFile, readFile } from 'node:fs/promises';
import { type Instant, serializeEvent } from '@tally/domain';
import {
  type BillingRunResult,
  billingRun,
  billingRunCsv,
  billingRunTable,
  summarizeBillingRun,
} from '@tally/ledger';
import { failure, usageError } from '../errors.js';
import { openEventFile } from '../input/event-file.js';
import { checkedFileInMemory } from '../input/file-in-memory.js';
import { createProgress } from '../input/progress.js';
import { openSource, storeError, storeGiven } from '../input/source.js';
import { type CliIo, writeOut } from '../io.js';
import type { BILL_FORMATS } from '../options.js';
import type { CommonOptions } from './with-source.js';

export interface BillCommandOptions extends CommonOptions {
  /** One organization, or every organization of the source. */
  readonly orgs: string | 'all';
  readonly at: Instant;
  readonly format: (typeof BILL_FORMATS)[number];
  readonly append: boolean;
}

export async function billCommand(options: BillCommandOptions, io: CliIo): Promise<void> {
  const { source } = options;
  const progress = createProgress(io, 'bill', { quiet: options.quiet });
  const onProgress = () => progress.tick();
  let run: BillingRunResult;
  try {
    if (source.events !== undefined && !storeGiven(source)) {
      if (options.append && source.events === '-')
        throw usageError('--append needs a file to append to, not stdin');
      run = await billFile(source.events, options, io, onProgress);
    } else {
      if (options.orgs === 'all' && source.esdb !== undefined) {
        throw usageError('--all-orgs: EventStoreDB cannot list its organizations; name one with --org');
      }
      const store = await openSource(source, progress);
      try {
        const at = options.at;
        run = await billingRun({
          store,
          orgs: options.orgs,
          at,
          dryRun: !options.append,
          clock: io.now,
          onProgress,
        });
      } catch (error) {
        throw storeError(error);
      } finally {
        await store.close();
      }
    }
  } finally {
    progress.done();
  }
  await writeOut(io.stdout, render(run, options.format));
  if (run.failures.length > 0) {
    throw failure(
      run.failures.map((one) => `tally bill: org "${one.orgId}" not billed: ${one.message}`).join('\n'),
    );
  }
}

function render(run: BillingRunResult, format: BillCommandOptions['format']): string {
  switch (format) {
    case 'jsonl':
      return run.issued.map(({ event }) => `${serializeEvent(event)}\n`).join('');
    case 'json':
      return `${JSON.stringify(summarizeBillingRun(run), null, 2)}\n`;
    case 'csv':
      return billingRunCsv(summarizeBillingRun(run));
    default:
      return billingRunTable(summarizeBillingRun(run));
  }
}

/** The run over a file: its events (every line checked) into an in-memory store, the run there,
 * and with --append the issued events written after the file's last line. */
async function billFile(
  argument: string,
  options: BillCommandOptions,
  io: CliIo,
  onProgress: () => void,
): Promise<BillingRunResult> {
  const file = await openEventFile(argument, io.stdin);
  let issued = 0;
  try {
    const store = await checkedFileInMemory(file.path, file.name);
    const run = await billingRun({
      store,
      orgs: options.orgs,
      at: options.at,
      // A file has no clock: what the run issues is recorded at the run's instant, and named
      // after it (a second run at the same instant issues nothing, so no id repeats).
      clock: () => options.at,
      newEventId: () => `invoice-${options.at}-${++issued}`,
      onProgress,
    });
    if (options.append && run.issued.length > 0) {
      const text = await readFile(file.path, 'utf8');
      const lead = text === '' || text.endsWith('\n') ? '' : '\n';
      await appendFile(
        file.path,
        lead + run.issued.map(({ event }) => `${serializeEvent(event)}\n`).join(''),
      );
    }
    return run;
  } finally {
    await file.dispose();
  }
}
