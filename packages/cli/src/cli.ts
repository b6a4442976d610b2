// `tally`: the command line, in-process. `runTally(argv, io)` parses the arguments, runs one
// command and returns the exit code: 0 done, 1 the answer is no (or the store failed), 2 bad
// input or usage. It never throws and never prints a stack trace; stdout carries only results.
import { readFileSync } from 'node:fs';
import {
  compareDates,
  epochMsToInstant,
  INVOICE_FORMATS,
  INVOICES_FORMATS,
  type Instant,
  instantToEpochMs,
} from '@tally/domain';
import { DEFAULT_IMPORT_BATCH_SIZE } from '@tally/ledger';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
// A command's module loads when the command runs: the others' packages (the proofs, the report,
// the dashboard, the stores' clients) are not loaded by every command.
import type { BillCommandOptions } from './commands/bill.js';
import type { CheckpointCommandOptions } from './commands/checkpoint.js';
import type { CountsCommandOptions } from './commands/counts.js';
import type { ExportCommandOptions } from './commands/export.js';
import type { InvoiceCommandOptions } from './commands/invoice.js';
import type { InvoicesCommandOptions } from './commands/invoices.js';
import type { ProveCommandOptions } from './commands/prove.js';
import type { ProveConsistencyOptions } from './commands/prove-consistency.js';
import type { ReportCommandOptions } from './commands/report.js';
import type { ServeCommandOptions } from './commands/serve.js';
import { asCliError, terminalLine, usageError } from './errors.js';
import type { SourceOptions } from './input/source.js';
import type { CliIo } from './io.js';
import { BILL_FORMATS, civilDateOption, instantOption, positiveIntegerOption } from './options.js';

export async function runTally(argv: readonly string[], io: CliIo): Promise<number> {
  let failedCommand: Command | undefined;
  const program = buildProgram(io, (command) => {
    failedCommand = command;
  });
  // A usage error is one line like any other: `tally COMMAND: what is wrong (see ...)`.
  const usage = (message: string, command = commandOf(program, argv)): number => {
    const path = command === undefined ? 'tally' : `tally ${command.name()}`;
    io.stderr.write(`${terminalLine(`${path}: ${message} (see '${path} --help')`)}\n`);
    return 2;
  };
  if (argv.length === 0) return usage('give a command');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander printed nothing (see outputError below): help and version are done, the rest
      // is a usage error, worded as ours.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      return usage(error.message.replace(/^error: /, ''));
    }
    const cliError = asCliError(error);
    if (cliError !== undefined) {
      if (cliError.showUsage) return usage(cliError.message, failedCommand ?? commandOf(program, argv));
      io.stderr.write(`${terminalLine(cliError.message)}\n`);
      return cliError.exitCode;
    }
    // The reader of stdout went away (`tally export ... | head`): nothing left to say.
    if (isBrokenPipe(error)) return 0;
    io.stderr.write(
      `${terminalLine(`tally: internal error: ${error instanceof Error ? error.message : String(error)}`)}\n`,
    );
    return 1;
  }
}

/** The command argv names (its first word), if any. */
const commandOf = (program: Command, argv: readonly string[]): Command | undefined =>
  program.commands.find((command) => command.name() === argv[0]);

const isBrokenPipe = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && error.code === 'EPIPE';

type Options = Record<string, unknown>;

/** The version of @tally/cli, from its package.json (beside src/ and dist/ alike). */
function tallyVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return String((JSON.parse(text) as { version?: unknown }).version);
}

// The help's own lines, wrapped to 80 columns like commander's.
const SOURCE_HELP = [
  'Exactly one source: FILE or --events FILE (a JSONL event log, - for stdin),',
  '  or --esdb CONNECTION_STRING, --postgres URL or --pglite DIR.',
];
const DATE_HELP = ["DATE     a civil date YYYY-MM-DD in the org's time zone (2026-03-09)"];
const INSTANT_HELP = [
  'INSTANT  a UTC ISO-8601 instant ending in Z (2026-03-07T07:00:00Z;',
  '         milliseconds allowed)',
];

/** The help's last lines: the source rule and the formats, for the commands that take them. */
function helpFooter(command: Command): string {
  const flags = command.options.map((option) => option.flags).join(' ');
  const lines = [
    ...(flags.includes('--events') ? SOURCE_HELP : []),
    ...(flags.includes('<DATE>') ? DATE_HELP : []),
    ...(flags.includes('<INSTANT>') ? INSTANT_HELP : []),
  ];
  return lines.length === 0 ? '' : `\n${lines.join('\n')}\n`;
}

/** The default of `--as-known-at`: now, truncated to the whole second, so that the instant
 * printed on an invoice or a report is short and can be passed back as it is. */
const nowToTheSecond = (io: CliIo): Instant =>
  epochMsToInstant(Math.floor(instantToEpochMs(io.now()) / 1000) * 1000);

/** `import`'s store: exactly one of --esdb, --postgres and --pglite. */
function oneStore(options: Options): { esdb?: string; postgres?: string; pglite?: string } {
  const stores = (['esdb', 'postgres', 'pglite'] as const).filter((name) => options[name] !== undefined);
  if (stores.length !== 1) {
    throw usageError('give exactly one store: --esdb CONNECTION_STRING, --postgres URL or --pglite DIR');
  }
  const [name] = stores as [keyof ReturnType<typeof oneStore>];
  return { [name]: options[name] as string };
}

/** `--from` after `--to` is a usage error, found before any source is read. */
function checkRange({ from, to }: { readonly from: string; readonly to: string }): void {
  if (compareDates(from, to) > 0) throw usageError(`--from ${from} is after --to ${to}`);
}

/** The options several commands take, each written once; a fresh Option for each command. */
const SHARED_OPTIONS = {
  org: () => new Option('--org <ORG>', 'organization id').makeOptionMandatory(),
  from: () =>
    new Option('--from <DATE>', 'first billing date, inclusive')
      .argParser(civilDateOption)
      .makeOptionMandatory(),
  to: () =>
    new Option('--to <DATE>', 'last billing date, inclusive')
      .argParser(civilDateOption)
      .makeOptionMandatory(),
  asKnownAt: () =>
    new Option(
      '--as-known-at <INSTANT>',
      'ignore events recorded later (default: now, to the second)',
    ).argParser(instantOption),
  out: () => new Option('--out <FILE>', 'write here instead of stdout (the folder must exist)'),
  quiet: () => new Option('--quiet', 'no summary on stderr').default(false),
};

/** Adds the shared options named, in that order. */
function withOptions(command: Command, ...names: (keyof typeof SHARED_OPTIONS)[]): Command {
  for (const name of names) command.addOption(SHARED_OPTIONS[name]());
  return command;
}

/** A reading command's source: FILE or exactly one of --events, --esdb, --postgres, --pglite. */
function sourceOptions(command: Command): Command {
  return command
    .argument('[FILE]', 'the JSONL event log to read (- for stdin): the same as --events FILE')
    .option('--events <FILE>', 'read a JSONL event log (- for stdin)')
    .option('--esdb <CONNECTION_STRING>', 'read the org stream tally-org-<org> from EventStoreDB')
    .option('--postgres <URL>', 'read the org stream tally-org-<org> from PostgreSQL')
    .option('--pglite <DIR>', 'read the org stream tally-org-<org> from a PGlite data folder')
    .option('--quiet', 'no progress bar', false);
}

/** The source a reading command was given: the positional FILE is `--events FILE`. */
function sourceOf(file: string | undefined, options: Options): SourceOptions {
  const source = {
    events: file ?? (options.events as string | undefined),
    esdb: options.esdb as string | undefined,
    postgres: options.postgres as string | undefined,
    pglite: options.pglite as string | undefined,
  };
  const given = [file, options.events, source.esdb, source.postgres, source.pglite].filter(
    (one) => one !== undefined,
  );
  if (given.length !== 1) {
    throw usageError(
      'give exactly one source: FILE or --events FILE (a JSONL event log; - for stdin), or --esdb CONNECTION_STRING, --postgres URL or --pglite DIR',
    );
  }
  return source;
}

function buildProgram(io: CliIo, onFailure: (command: Command) => void): Command {
  const program = new Command('tally')
    .description('The auditor command line of the Tally billing ledger: invoices, counts, sealed exports.')
    .version(tallyVersion(), '-V, --version', 'print the version of tally')
    .addHelpText(
      'after',
      [
        '',
        'invoice, invoices, counts, export and report each read exactly one source:',
        'FILE or --events FILE (a JSONL event log, - for stdin), or --esdb',
        'CONNECTION_STRING, --postgres URL or --pglite DIR.',
        "'tally <command> --help' lists a command's options and says which are required.",
        ...DATE_HELP,
        ...INSTANT_HELP,
        '',
      ].join('\n'),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // runTally writes the one line of a usage error itself.
      outputError: () => {},
    });

  /** A command's action: `body` gets the options commander parsed (each under its camelCase
   * name, already checked by its parser) and the first positional argument; a failure marks the
   * command, for the usage line. */
  const run =
    <T = Options>(body: (options: T, file: string | undefined) => Promise<unknown>) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args[args.length - 1] as Command;
      try {
        await body(command.opts() as T, command.processedArgs[0] as string | undefined);
      } catch (error) {
        onFailure(command);
        throw error;
      }
    };
  /** A reading command's action: its options with the source it was given. */
  const reading = <T>(body: (options: T) => Promise<unknown>) =>
    run((options, file) => body({ ...options, source: sourceOf(file, options) } as T));
  /** `--as-known-at`, now to the second unless given. */
  const knownNow = <T extends { readonly asKnownAt?: Instant | undefined }>(options: T): T => ({
    ...options,
    asKnownAt: options.asKnownAt ?? nowToTheSecond(io),
  });

  withOptions(
    sourceOptions(program.command('invoice').description('print the invoice of one billing date')),
    'org',
  )
    .requiredOption('--date <DATE>', 'billing date, YYYY-MM-DD', civilDateOption)
    .addOption(SHARED_OPTIONS.asKnownAt())
    .addOption(new Option('--format <FORMAT>', 'output format').choices(INVOICE_FORMATS).default('json'))
    .action(
      reading<InvoiceCommandOptions>(async (options) =>
        (await import('./commands/invoice.js')).invoiceCommand(knownNow(options), io),
      ),
    );

  withOptions(
    sourceOptions(
      program.command('invoices').description('print every invoice with a billing date in [from, to]'),
    ),
    'org',
    'from',
    'to',
    'asKnownAt',
  )
    .addOption(new Option('--format <FORMAT>', 'output format').choices(INVOICES_FORMATS).default('jsonl'))
    .action(
      reading<InvoicesCommandOptions>(async (options) => {
        checkRange(options);
        const { invoicesCommand } = await import('./commands/invoices.js');
        return invoicesCommand(knownNow(options), io);
      }),
    );

  withOptions(
    sourceOptions(program.command('counts').description('print the counts at an instant as JSON')),
    'org',
  )
    .requiredOption('--at <INSTANT>', 'the instant of the snapshot', instantOption)
    .option(
      '--as-known-at <INSTANT>',
      'ignore events recorded later (default: every recorded event)',
      instantOption,
    )
    .option('--explain', 'list the devices and users counted, each with the event that made it count', false)
    .action(
      reading<CountsCommandOptions>(async (options) =>
        (await import('./commands/counts.js')).countsCommand(options, io),
      ),
    );

  program
    .command('import')
    .description("append a JSONL log to its organizations' EventStoreDB streams, idempotently")
    .argument('<FILE>', 'the JSONL log (- for stdin)')
    .option('--esdb <CONNECTION_STRING>', 'EventStoreDB connection string')
    .option('--postgres <URL>', 'PostgreSQL connection URL (the tables are created when missing)')
    .option('--pglite <DIR>', 'PGlite data folder (created when missing)')
    .option('--batch-size <N>', 'events per append', positiveIntegerOption, DEFAULT_IMPORT_BATCH_SIZE)
    .option('--quiet', 'no progress bar and no summary', false)
    .action(
      run(async (options, file) =>
        (await import('./commands/import.js')).importCommand(
          {
            file: file as string,
            ...oneStore(options),
            batchSize: options.batchSize as number,
            quiet: options.quiet === true,
          },
          io,
        ),
      ),
    );

  withOptions(
    sourceOptions(program.command('export').description("write an org's events as a sealed JSONL export")),
    'org',
    'out',
  ).action(
    reading<ExportCommandOptions>(async (options) =>
      (await import('./commands/export.js')).exportCommand(options, io),
    ),
  );

  program
    .command('verify')
    .description(
      'check a sealed export: bytes, chain, codecs, consistency, every InvoiceIssued reproduced, and signed checkpoints; or that one checkpoint extends another',
    )
    .argument('[FILE]', 'the sealed export (- for stdin); none with two checkpoints and --proof')
    .option('--checkpoint <FILE>', 'a signed checkpoint the export must match (repeatable)', collect, [])
    .option('--public-key <FILE>', 'the public key (NAME.pub) that signed the checkpoints')
    .option('--proof <FILE>', 'a consistency proof between two checkpoints (tally prove-consistency)')
    .option('--quiet', 'no progress bar', false)
    .action(run((options, file) => verifyAction(file, options, io)));

  program
    .command('keygen')
    .description('write an Ed25519 key pair for signing checkpoints: NAME.key and NAME.pub (PEM)')
    .requiredOption('--out <NAME>', 'the files to write, NAME.key and NAME.pub (never overwritten)')
    .action(
      run(async (options) =>
        (await import('./commands/keygen.js')).keygenCommand({ out: options.out as string }, io),
      ),
    );

  withOptions(
    program
      .command('checkpoint')
      .description("sign a sealed export's Merkle tree head: a checkpoint (C2SP signed note)")
      .argument('<FILE>', 'the sealed export (- for stdin)')
      .requiredOption('--key <FILE>', 'the private key (NAME.key of tally keygen)'),
    'out',
    'quiet',
  ).action(
    run<CheckpointCommandOptions>(async (options, file) =>
      (await import('./commands/checkpoint.js')).checkpointCommand({ ...options, file: file as string }, io),
    ),
  );

  program
    .command('prove-consistency')
    .description("prove that the newer checkpoint's log extends the older one's (RFC 9162)")
    .argument('<FILE>', "a sealed export holding at least the newer checkpoint's events")
    .requiredOption('--old <FILE>', 'the older checkpoint')
    .requiredOption('--new <FILE>', 'the newer checkpoint')
    .requiredOption('--out <FILE>', 'where to write the proof')
    .addOption(SHARED_OPTIONS.quiet())
    .action(
      run<ProveConsistencyOptions>(async (options, file) =>
        (await import('./commands/prove-consistency.js')).proveConsistencyCommand(
          { ...options, file: file as string },
          io,
        ),
      ),
    );

  program
    .command('prove')
    .description('write the proof bundle of one issued invoice, checkable from the bundle alone')
    .argument('<FILE>', 'the sealed export (- for stdin)')
    .option('--invoice <NUMBER>', 'the number of the invoice, <serialCode>-<n> (tally invoices lists them)')
    .option('--date <DATE>', 'the billing date of the invoice, YYYY-MM-DD', civilDateOption)
    .requiredOption('--checkpoint <FILE>', 'a signed checkpoint of the export, at or after the invoice')
    .requiredOption('--out <FILE>', 'where to write the bundle')
    .addOption(SHARED_OPTIONS.quiet())
    .action(
      run<ProveCommandOptions>(async (options, file) => {
        if ((options.invoice === undefined) === (options.date === undefined)) {
          throw usageError('give exactly one of --invoice NUMBER and --date DATE');
        }
        const { proveCommand } = await import('./commands/prove.js');
        await proveCommand({ ...options, file: file as string }, io);
      }),
    );

  program
    .command('verify-bundle')
    .description("check one invoice's proof bundle: signature, proof, and the invoice reproduced")
    .argument('<FILE>', 'the bundle (tally prove; - for stdin)')
    .requiredOption('--public-key <FILE>', 'the public key (NAME.pub) that signed the checkpoint')
    .action(
      run(async (options, file) =>
        (await import('./commands/verify-bundle.js')).verifyBundleCommand(
          { file: file as string, publicKey: options.publicKey as string },
          io,
        ),
      ),
    );

  withOptions(
    sourceOptions(program.command('report').description("write an org's HTML audit report")),
    'org',
    'from',
    'to',
    'asKnownAt',
    'out',
  ).action(
    reading<ReportCommandOptions>(async (options) => {
      checkRange(options);
      const { reportCommand } = await import('./commands/report.js');
      return reportCommand(knownNow(options), io);
    }),
  );

  sourceOptions(program.command('bill').description('issue every invoice due at an instant: the billing run'))
    .option('--org <ORG>', 'the organization to bill')
    .option('--all-orgs', 'bill every organization of the source', false)
    .requiredOption(
      '--at <INSTANT>',
      'the instant of the run: what is due then, as known then',
      instantOption,
    )
    .addOption(new Option('--format <FORMAT>', 'output format').choices(BILL_FORMATS).default('text'))
    .option(
      '--append',
      'keep what is issued: append it to the store, or as lines at the end of the file',
      false,
    )
    .action(
      reading<BillCommandOptions & { org?: string; allOrgs: boolean }>(async (options) => {
        if ((options.org === undefined) === (options.allOrgs !== true)) {
          throw usageError('give exactly one of --org ORG and --all-orgs');
        }
        const { billCommand } = await import('./commands/bill.js');
        return billCommand({ ...options, orgs: options.allOrgs ? 'all' : (options.org as string) }, io);
      }),
    );

  sourceOptions(program.command('serve').description('serve the live dashboard of every org of the source'))
    .requiredOption('--port <PORT>', 'the TCP port to listen on (0: any free port)', portOption)
    .option('--host <HOST>', 'the address to bind', '127.0.0.1')
    .action(
      reading<ServeCommandOptions>(async (options) =>
        (await import('./commands/serve.js')).serveCommand(options, io),
      ),
    );

  for (const command of program.commands) {
    for (const option of command.options) if (option.mandatory) option.description += ' (required)';
    command.addHelpText('after', () => helpFooter(command));
  }
  return program;
}

/** A TCP port, 0 to 65535. */
function portOption(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError(`${value} is not a port number (expected 0 to 65535)`);
  }
  return port;
}

/** Commander's reducer for a repeatable option. */
const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `tally verify`: an export (with any checkpoints), or two checkpoints and a proof. */
async function verifyAction(file: string | undefined, options: Options, io: CliIo): Promise<void> {
  const checkpoints = options.checkpoint as string[];
  const publicKey = options.publicKey as string | undefined;
  const proof = options.proof as string | undefined;
  if (checkpoints.length > 0 && publicKey === undefined) {
    throw usageError('--checkpoint needs --public-key NAME.pub: a checkpoint is worth its signature');
  }
  if (file !== undefined) {
    if (proof !== undefined) {
      throw usageError('--proof checks two checkpoints against each other: give no FILE with it');
    }
    const { verifyCommand } = await import('./commands/verify.js');
    await verifyCommand({ file, quiet: options.quiet === true, checkpoints, publicKey }, io);
    return;
  }
  if (checkpoints.length !== 2 || proof === undefined) {
    throw usageError(
      'give the sealed export FILE, or two checkpoints (--checkpoint OLD --checkpoint NEW) with --proof and --public-key',
    );
  }
  const { verifyConsistencyCommand } = await import('./commands/verify-consistency.js');
  await verifyConsistencyCommand(
    {
      oldCheckpoint: checkpoints[0] as string,
      newCheckpoint: checkpoints[1] as string,
      proof,
      publicKey: publicKey as string,
    },
    io,
  );
}
