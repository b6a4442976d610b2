// `tally import FILE --esdb CS` (or `--postgres URL`, `--pglite DIR`): appends a JSONL log to its
// organizations' streams, idempotently, with the ledger's importLog (docs/ledger.md).
// The file is checked whole first (nothing is appended from a bad file), then read again and
// handed over line by line; a store that holds other events is refused naming the file's line.
import { createLogDecoder } from '@tally/domain';
import { importLog, isImportRefusedError, type LogLine, type OrgImport, orgStreamName } from '@tally/ledger';
import { checkLogFile, readLogLines } from '@tally/ledger/log-files';
import { failure, inputLine } from '../errors.js';
import { type EventFile, openEventFile } from '../input/event-file.js';
import { createProgress, type Progress } from '../input/progress.js';
import { openStore, type StoreOptions, storeError } from '../input/source.js';
import type { CliIo } from '../io.js';

export interface ImportCommandOptions extends StoreOptions {
  readonly file: string;
  readonly batchSize: number;
  readonly quiet: boolean;
}

export async function importCommand(options: ImportCommandOptions, io: CliIo): Promise<OrgImport[]> {
  const file = await openEventFile(options.file, io.stdin);
  const progress = createProgress(io, 'import', { quiet: options.quiet });
  const store = await openStore(options, 'import').catch(async (error: unknown) => {
    await file.dispose();
    throw error;
  });
  try {
    await checkLogFile(file, { progress });
    const reports = await importLog(store, checkedLines(file, progress), { batchSize: options.batchSize });
    progress.done();
    if (!options.quiet) io.stderr.write(importSummary(file.name, reports));
    return reports;
  } catch (error) {
    if (!isImportRefusedError(error)) throw storeError(error);
    throw failure(
      error.line === undefined
        ? `tally import: ${error.problem}`
        : inputLine(file.name, error.line, error.eventId, error.problem),
    );
  } finally {
    progress.done();
    await store.close();
    await file.dispose();
  }
}

/** The lines of a file already checked whole, read again. */
async function* checkedLines(file: EventFile, progress: Progress): AsyncGenerator<LogLine> {
  const decoder = createLogDecoder();
  for await (const { text, number } of readLogLines(file)) {
    progress.tick();
    const decoded = decoder.decodeLine(text, number);
    if (decoded._tag === 'Left') throw failure(`${file.name} changed while it was being imported`);
    yield { event: decoded.right, line: number };
  }
}

function importSummary(name: string, reports: readonly OrgImport[]): string {
  const lines = reports.map(
    (report) =>
      `${orgStreamName(report.orgId)}: ${report.appended} appended, ${report.alreadyPresent} already present`,
  );
  const appended = reports.reduce((sum, report) => sum + report.appended, 0);
  const present = reports.reduce((sum, report) => sum + report.alreadyPresent, 0);
  return `${[...lines, `imported ${name}: ${appended} appended, ${present} already present, ${reports.length} ${reports.length === 1 ? 'stream' : 'streams'}`].join('\n')}\n`;
}
