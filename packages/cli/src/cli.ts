// `tally`: the command line, in-process. `runTally(argv, io)` parses the arguments, runs one
// command and returns the exit code: 0 done, 1 the answer is no (or the store failed), 2 bad
// input or usage. It never throws and never prints a stack trace; stdout carries only results.
import { Command, CommanderError, Option } from 'commander';
import { countsCommand } from './commands/counts.js';
import { exportCommand } from './commands/export.js';
import { DEFAULT_IMPORT_BATCH_SIZE, importCommand } from './commands/import.js';
import { invoiceCommand } from './commands/invoice.js';
import { invoicesCommand } from './commands/invoices.js';
import { reportCommand } from './commands/report.js';
import { verifyCommand } from './commands/verify.js';
import { isCliError } from './errors.js';
import { INVOICE_FORMATS, INVOICES_FORMATS } from './format/invoice-formats.js';
import type { CliIo } from './io.js';
import { civilDateOption, instantOption, positiveIntegerOption } from './options.js';

export async function runTally(argv: readonly string[], io: CliIo): Promise<number> {
  let failedCommand: Command | undefined;
  const program = buildProgram(io, (command) => {
    failedCommand = command;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message (and the usage) already.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (isCliError(error)) {
      io.stderr.write(`${error.message}\n`);
      if (error.showUsage && failedCommand !== undefined)
        io.stderr.write(`\n${failedCommand.helpInformation()}`);
      return error.exitCode;
    }
    // The reader of stdout went away (`tally export ... | head`): nothing left to say.
    if (isBrokenPipe(error)) return 0;
    io.stderr.write(`tally: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

const isBrokenPipe = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && error.code === 'EPIPE';

type Options = Record<string, unknown>;

function buildProgram(io: CliIo, onFailure: (command: Command) => void): Command {
  const program = new Command('tally')
    .description('The auditor command line of the Tally billing ledger: invoices, counts, sealed exports.')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const sourceOptions = (command: Command) =>
    command
      .option('--events <FILE>', 'read a JSONL event log (- for stdin)')
      .option('--esdb <CONNECTION_STRING>', 'read the org stream tally-org-<org> from EventStoreDB')
      .option('--quiet', 'no progress bar', false);

  const run =
    (body: (options: Options) => Promise<unknown>) =>
    async (options: Options, command: Command): Promise<void> => {
      try {
        await body(options);
      } catch (error) {
        onFailure(command);
        throw error;
      }
    };
  const source = (options: Options) => ({
    events: options.events as string | undefined,
    esdb: options.esdb as string | undefined,
  });
  const common = (options: Options) => ({ source: source(options), quiet: options.quiet === true });

  sourceOptions(program.command('invoice').description('print the invoice of one billing date'))
    .requiredOption('--org <ORG>', 'organization id')
    .requiredOption('--date <DATE>', 'billing date, YYYY-MM-DD', civilDateOption)
    .option('--as-known-at <INSTANT>', 'ignore events recorded later (default: now)', instantOption)
    .addOption(new Option('--format <FORMAT>', 'output format').choices(INVOICE_FORMATS).default('json'))
    .action(
      run((options) =>
        invoiceCommand(
          {
            ...common(options),
            org: options.org as string,
            date: options.date as string,
            asKnownAt: options.asKnownAt as string | undefined,
            format: options.format as (typeof INVOICE_FORMATS)[number],
          },
          io,
        ),
      ),
    );

  sourceOptions(
    program.command('invoices').description('print every invoice with a billing date in [from, to]'),
  )
    .requiredOption('--org <ORG>', 'organization id')
    .requiredOption('--from <DATE>', 'first billing date, inclusive', civilDateOption)
    .requiredOption('--to <DATE>', 'last billing date, inclusive', civilDateOption)
    .option('--as-known-at <INSTANT>', 'ignore events recorded later (default: now)', instantOption)
    .addOption(new Option('--format <FORMAT>', 'output format').choices(INVOICES_FORMATS).default('jsonl'))
    .action(
      run((options) =>
        invoicesCommand(
          {
            ...common(options),
            org: options.org as string,
            from: options.from as string,
            to: options.to as string,
            asKnownAt: options.asKnownAt as string | undefined,
            format: options.format as (typeof INVOICES_FORMATS)[number],
          },
          io,
        ),
      ),
    );

  sourceOptions(program.command('counts').description('print the counts at an instant as JSON'))
    .requiredOption('--org <ORG>', 'organization id')
    .requiredOption('--at <INSTANT>', 'the instant of the snapshot', instantOption)
    .option(
      '--as-known-at <INSTANT>',
      'ignore events recorded later (default: every recorded event)',
      instantOption,
    )
    .option('--explain', 'list the devices and users counted, each with the event that made it count', false)
    .action(
      run((options) =>
        countsCommand(
          {
            ...common(options),
            org: options.org as string,
            at: options.at as string,
            asKnownAt: options.asKnownAt as string | undefined,
            explain: options.explain === true,
          },
          io,
        ),
      ),
    );

  program
    .command('import')
    .description("append a JSONL log to its organizations' EventStoreDB streams, idempotently")
    .argument('<FILE>', 'the JSONL log (- for stdin)')
    .requiredOption('--esdb <CONNECTION_STRING>', 'EventStoreDB connection string')
    .option('--batch-size <N>', 'events per append', positiveIntegerOption, DEFAULT_IMPORT_BATCH_SIZE)
    .option('--quiet', 'no progress bar and no summary', false)
    .action(async (file: string, options: Options, command: Command) =>
      run(() =>
        importCommand(
          {
            file,
            esdb: options.esdb as string,
            batchSize: options.batchSize as number,
            quiet: options.quiet === true,
          },
          io,
        ),
      )(options, command),
    );

  sourceOptions(program.command('export').description("write an org's events as a sealed JSONL export"))
    .requiredOption('--org <ORG>', 'organization id')
    .option('--out <FILE>', 'write here instead of stdout')
    .action(
      run((options) =>
        exportCommand(
          { ...common(options), org: options.org as string, out: options.out as string | undefined },
          io,
        ),
      ),
    );

  program
    .command('verify')
    .description('check a sealed export: chain, codecs, consistency, and every InvoiceIssued reproduced')
    .argument('<FILE>', 'the sealed export (- for stdin)')
    .option('--quiet', 'no progress bar', false)
    .action(async (file: string, options: Options, command: Command) =>
      run(() => verifyCommand({ file, quiet: options.quiet === true }, io))(options, command),
    );

  sourceOptions(program.command('report').description("write an org's HTML audit report"))
    .requiredOption('--org <ORG>', 'organization id')
    .requiredOption('--from <DATE>', 'first billing date, inclusive', civilDateOption)
    .requiredOption('--to <DATE>', 'last billing date, inclusive', civilDateOption)
    .option('--as-known-at <INSTANT>', 'ignore events recorded later (default: now)', instantOption)
    .option('--out <FILE>', 'write here instead of stdout')
    .action(
      run((options) =>
        reportCommand(
          {
            ...common(options),
            org: options.org as string,
            from: options.from as string,
            to: options.to as string,
            asKnownAt: options.asKnownAt as string | undefined,
            out: options.out as string | undefined,
          },
          io,
        ),
      ),
    );

  return program;
}
