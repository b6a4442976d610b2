// The commands in-process on a small fixture log written to a temporary file: outputs against
// the domain's own functions, every kind of bad input, usage errors, and stdout left empty on
// any failure.

import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  countAt,
  explainCountsAt,
  invoiceAt,
  invoicesBetween,
  serializeInvoice,
  serializeIssuedInvoiceJson,
  toInvoiceJson,
} from '@tally/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTally } from './cli.js';
import { invoicesCommand } from './commands/invoices.js';
import { FIXED_NOW, memoryIo } from './fixtures/memory-io.spec-helper.js';
import {
  ACME_ISSUED_AT,
  eventsOf,
  sampleEvents,
  tempFile,
  toJsonl,
} from './fixtures/sample-log.spec-helper.js';

const events = sampleEvents();
const acme = eventsOf(events, 'acme');
let logPath = '';

beforeAll(async () => {
  logPath = await tempFile('events.jsonl', toJsonl(events));
});

async function tally(argv: string[], stdin = '') {
  const memory = memoryIo(stdin);
  const code = await runTally(argv, memory.io);
  return { code, stdout: memory.stdout(), stderr: memory.stderr() };
}

const KNOWN = '2026-11-01T00:00:00Z';

describe('tally invoice', () => {
  it('prints exactly the domain bytes of the invoice, then a newline', async () => {
    const result = await tally([
      'invoice',
      '--events',
      logPath,
      '--org',
      'acme',
      '--date',
      '2026-02-09',
      '--as-known-at',
      KNOWN,
    ]);
    const expected = invoiceAt(acme, { orgId: 'acme', billingDate: '2026-02-09', asKnownAt: KNOWN });
    if (expected._tag === 'Left') throw new Error(expected.left.message);
    expect(result).toEqual({ code: 0, stdout: `${serializeInvoice(expected.right)}\n`, stderr: '' });
  });

  it('sees the backdated device only as known after it was recorded', async () => {
    const quantity = async (asKnownAt: string) => {
      const result = await tally([
        'invoice',
        '--events',
        logPath,
        '--org',
        'acme',
        '--date',
        '2026-02-09',
        '--as-known-at',
        asKnownAt,
      ]);
      return JSON.parse(result.stdout).lines[0].quantity;
    };
    // d-1, d-2, d-3 by the February tally; d-4 was recorded on 2026-02-20.
    expect(await quantity('2026-02-10T00:00:00Z')).toBe(3);
    expect(await quantity('2026-02-21T00:00:00Z')).toBe(4);
  });

  it('defaults --as-known-at to now', async () => {
    // (2026-03-09 is issued: an issued invoice carries the instant it was issued as known at.)
    const result = await tally(['invoice', '--events', logPath, '--org', 'acme', '--date', '2026-02-09']);
    expect(JSON.parse(result.stdout).asKnownAt).toBe(FIXED_NOW);
  });

  it('reads stdin with --events -', async () => {
    const fromFile = await tally([
      'invoice',
      '--events',
      logPath,
      '--org',
      'globex',
      '--date',
      '2026-03-15',
      '--as-known-at',
      KNOWN,
    ]);
    const fromStdin = await tally(
      ['invoice', '--events', '-', '--org', 'globex', '--date', '2026-03-15', '--as-known-at', KNOWN],
      toJsonl(events),
    );
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it('prints a text table with the lines and the total', async () => {
    const text = (date: string) =>
      tally([
        'invoice',
        '--events',
        logPath,
        '--org',
        'acme',
        '--date',
        date,
        '--as-known-at',
        KNOWN,
        '--format',
        'text',
      ]);
    expect((await text('2026-04-09')).stdout.split('\n')).toEqual([
      `Invoice for acme on 2026-04-09 (USD, as known at ${KNOWN})`,
      'KIND     DESCRIPTION        QTY   UNIT  AMOUNT  SERVICE PERIOD            TALLY AT',
      'devices  3 devices × 10.00    3  10.00   30.00  2026-04-09 to 2026-05-09  2026-04-07T07:00:00Z',
      'Total USD 30.00',
      '',
    ]);
    // 2026-03-09 was issued (a version-1 InvoiceIssued, so no number) before KNOWN: shown as issued.
    expect((await text('2026-03-09')).stdout.split('\n')).toEqual([
      `Invoice (version 1, no number) for acme on 2026-03-09 (USD, issued as known at ${ACME_ISSUED_AT})`,
      'KIND     DESCRIPTION        QTY   UNIT  AMOUNT  SERVICE PERIOD            TALLY AT',
      'devices  4 devices × 10.00    4  10.00   40.00  2026-03-09 to 2026-04-09  2026-03-07T07:00:00Z',
      'Total USD 40.00',
      '',
    ]);
  });

  it('prints csv: a header and one record per line, quoted where needed', async () => {
    const result = await tally([
      'invoice',
      '--events',
      logPath,
      '--org',
      'globex',
      '--date',
      '2026-01-15',
      '--as-known-at',
      KNOWN,
      '--format',
      'csv',
    ]);
    expect(result.stdout).toBe(
      'orgId,billingDate,currency,asKnownAt,kind,description,quantity,unitAmount,amount,servicePeriodStart,servicePeriodEnd,tallyAt,invoiceTotal\r\n' +
        `globex,2026-01-15,EUR,${KNOWN},installment,3 licenses × installment 1 of 12 (83.33),3,83.33,249.99,2026-01-15,2026-02-15,,249.99\r\n`,
    );
  });

  it('names the nearest billing dates for a date that is not one (exit 1, nothing on stdout)', async () => {
    const result = await tally([
      'invoice',
      '--events',
      logPath,
      '--org',
      'acme',
      '--date',
      '2026-03-10',
      '--as-known-at',
      KNOWN,
    ]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'tally: 2026-03-10 is not a billing date of org "acme" (monthly dates anchored on 2026-01-09): the nearest are 2026-03-09 and 2026-04-09\n',
    });
  });

  it('says so for an org the log does not have', async () => {
    const result = await tally([
      'invoice',
      '--events',
      logPath,
      '--org',
      'nobody',
      '--date',
      '2026-03-10',
      '--as-known-at',
      KNOWN,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `tally: no events for org "nobody" in ${logPath}; ${logPath} has 2 orgs: acme, globex\n`,
    );
  });

  it('lists the orgs of stdin too, and says so of a log without events', async () => {
    const args = [
      'invoice',
      '--events',
      '-',
      '--org',
      'nobody',
      '--date',
      '2026-03-09',
      '--as-known-at',
      KNOWN,
    ];
    const fromStdin = await tally(args, toJsonl(events));
    expect(fromStdin.code).toBe(1);
    expect(fromStdin.stderr).toBe(
      `tally: no events for org "nobody" in stdin; stdin has 2 orgs: acme, globex\n`,
    );
    const empty = await tally(args, '');
    expect(empty.stderr).toBe(`tally: no events for org "nobody" in stdin; stdin has no events\n`);
  });

  it('defaults --as-known-at to now, to the whole second', async () => {
    const memory = memoryIo();
    const io = { ...memory.io, now: () => '2026-11-22T10:11:12.987Z' };
    expect(await runTally(['invoice', logPath, '--org', 'acme', '--date', '2026-02-09'], io)).toBe(0);
    expect(JSON.parse(memory.stdout()).asKnownAt).toBe('2026-11-22T10:11:12Z');
  });
});

describe('a positional FILE is --events FILE', () => {
  const cases: [string, string[]][] = [
    ['invoice', ['--org', 'acme', '--date', '2026-03-09', '--as-known-at', KNOWN]],
    ['invoices', ['--org', 'acme', '--from', '2026-01-01', '--to', '2026-05-31', '--as-known-at', KNOWN]],
    ['counts', ['--org', 'acme', '--at', '2026-03-01T00:00:00Z', '--explain']],
    ['export', ['--org', 'acme', '--quiet']],
  ];
  it.each(cases)('for %s', async (command, rest) => {
    const positional = await tally([command, logPath, ...rest]);
    expect(positional.code).toBe(0);
    expect(positional.stdout.length).toBeGreaterThan(0);
    expect(positional).toEqual(await tally([command, '--events', logPath, ...rest]));
    // `-` is stdin, as with --events.
    expect(await tally([command, '-', ...rest], toJsonl(events))).toEqual(positional);
  });

  it.each([
    ['FILE and --events', ['--events', 'x.jsonl']],
    ['FILE and --esdb', ['--esdb', 'esdb://localhost:2113?tls=false']],
  ])('refuses %s together: two sources (exit 2)', async (_kind, second) => {
    const result = await tally([
      'counts',
      logPath,
      ...second,
      '--org',
      'acme',
      '--at',
      '2026-03-01T00:00:00Z',
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^tally counts: give exactly one source: FILE or --events FILE .* \(see 'tally counts --help'\)\n$/,
    );
  });
});

describe('tally export --out', () => {
  it('names a folder that does not exist (exit 2, nothing written)', async () => {
    const folder = `${logPath}-no-such-folder`;
    const result = await tally(['export', logPath, '--org', 'acme', '--out', `${folder}/acme.sealed.jsonl`]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `tally: cannot write --out ${folder}/acme.sealed.jsonl: the folder ${folder} does not exist (create it first)\n`,
    });
  });

  it('refuses a folder as the file, and a file as the folder', async () => {
    const asFolder = await tally(['export', logPath, '--org', 'acme', '--out', dirname(logPath)]);
    expect(asFolder.code).toBe(2);
    expect(asFolder.stderr).toBe(
      `tally: cannot write --out ${dirname(logPath)}: it is a folder; give a file name\n`,
    );
    const underFile = await tally(['export', logPath, '--org', 'acme', '--out', `${logPath}/x.jsonl`]);
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toBe(
      `tally: cannot write --out ${logPath}/x.jsonl: ${logPath} is not a folder\n`,
    );
  });
});

describe('tally invoices', () => {
  const range = ['--org', 'acme', '--from', '2026-01-01', '--to', '2026-05-31', '--as-known-at', KNOWN];
  const expected = () => {
    const result = invoicesBetween(acme, {
      orgId: 'acme',
      from: '2026-01-01',
      to: '2026-05-31',
      asKnownAt: KNOWN,
    });
    if (result._tag === 'Left') throw new Error(result.left.message);
    return result.right;
  };

  it('prints one invoice JSON object per line, the bytes of invoicesBetween, an issued date as issued', async () => {
    const result = await tally(['invoices', '--events', logPath, ...range]);
    expect(result.code).toBe(0);
    const issued = acme.find((event) => event.type === 'InvoiceIssued');
    if (issued?.type !== 'InvoiceIssued') throw new Error('the sample log issues 2026-03-09');
    expect(result.stdout).toBe(
      expected()
        .map((invoice) =>
          invoice.billingDate === issued.data.billingDate
            ? `${serializeIssuedInvoiceJson(issued.data)}\n`
            : `${serializeInvoice(invoice)}\n`,
        )
        .join(''),
    );
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(5);
  });

  it('prints a text table with one row per invoice and the grand total', async () => {
    const result = await tally(['invoices', '--events', logPath, ...range, '--format', 'text']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Invoices for acme (as known at ${KNOWN})`);
    expect(lines[1]).toMatch(/^BILLING DATE\s+LINES\s+TOTAL USD$/);
    expect(lines.slice(2, 7).map((line) => line.slice(0, 10))).toEqual(expected().map((i) => i.billingDate));
    const totals = expected().map((invoice) => toInvoiceJson(invoice).total);
    lines.slice(2, 7).forEach((line, i) => {
      expect(line.endsWith(` ${totals[i]}`)).toBe(true);
    });
    // 10 + 40 + 40 + 30 + 30: d-1's archive is billed until its purge on 2026-04-01.
    expect(lines[7]).toBe('Grand total of 5 invoices: USD 150.00');
  });

  it('prints csv with one record per invoice line', async () => {
    const result = await tally(['invoices', '--events', logPath, ...range, '--format', 'csv']);
    const records = result.stdout.split('\r\n').filter((record) => record !== '');
    expect(records).toHaveLength(1 + 5);
    expect(records.slice(1).map((record) => record.split(',')[1])).toEqual(
      expected().map((i) => i.billingDate),
    );
  });

  it('refuses a range whose end is before its start', async () => {
    const result = await tally([
      'invoices',
      '--events',
      logPath,
      '--org',
      'acme',
      '--from',
      '2026-05-01',
      '--to',
      '2026-01-01',
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^tally invoices: --from 2026-05-01 is after --to 2026-01-01 \(see 'tally invoices --help'\)\n$/,
    );
  });

  it('answers a range whose end is before its start with exit 2 when called as a function', async () => {
    const memory = memoryIo();
    const run = invoicesCommand(
      {
        source: { events: logPath },
        quiet: true,
        org: 'acme',
        from: '2026-05-01',
        to: '2026-01-01',
        asKnownAt: KNOWN,
        format: 'jsonl',
      },
      memory.io,
    );
    await expect(run).rejects.toMatchObject({
      exitCode: 2,
      message: 'tally: from 2026-05-01 is after to 2026-01-01',
    });
  });
});

describe('tally counts', () => {
  const at = '2026-03-01T00:00:00Z';

  it('prints the four counts of countAt as JSON', async () => {
    const result = await tally(['counts', '--events', logPath, '--org', 'acme', '--at', at]);
    const expected = countAt(acme, at);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      at,
      activeDevices: expected.activeDevices,
      billableDevices: expected.billableDevices,
      licensesInUse: expected.licensesInUse,
      licenseHolders: expected.licenseHolders,
    });
    // d-2, d-3, d-4 active; d-1 deactivated with a retained archive.
    expect(JSON.parse(result.stdout)).toMatchObject({ activeDevices: 3, billableDevices: 4 });
  });

  it('honours --as-known-at', async () => {
    const result = await tally([
      'counts',
      '--events',
      logPath,
      '--org',
      'acme',
      '--at',
      at,
      '--as-known-at',
      '2026-02-19T00:00:00Z',
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({ activeDevices: 2, billableDevices: 3 });
  });

  it('--explain adds who was counted and by which event', async () => {
    const result = await tally(['counts', '--events', logPath, '--org', 'acme', '--at', at, '--explain']);
    const output = JSON.parse(result.stdout);
    const expected = explainCountsAt(acme, at);
    expect(output.explanation).toEqual({
      billableDevices: expected.billableDevices,
      licenseHolders: expected.licenseHolders,
    });
    expect(output.explanation.billableDevices.map((d: { deviceId: string }) => d.deviceId)).toEqual([
      'd-1',
      'd-2',
      'd-3',
      'd-4',
    ]);
    // d-1 is counted through its archive in cold storage, created by acme-004.
    expect(output.explanation.billableDevices[0].countedBy.eventId).toBe('acme-004');
    expect(output.billableDevices).toBe(4);
  });

  it('says so for an org without events (exit 1)', async () => {
    const result = await tally(['counts', '--events', logPath, '--org', 'nobody', '--at', at]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `tally: no events for org "nobody" in ${logPath}; ${logPath} has 2 orgs: acme, globex\n`,
    });
  });
});

/** A line of an event dated `occurredAt`, recorded at `recordedAt` (default: then). */
const at = (event: object, occurredAt: string, recordedAt = occurredAt): string =>
  JSON.stringify({ ...event, occurredAt, recordedAt });

describe('bad input: exit 2, one line FILE:LINE: eventId: field: problem, nothing on stdout', () => {
  const good = toJsonl(events.slice(0, 3)).trimEnd().split('\n') as [string, string, string];
  const registration = JSON.parse(good[0]);
  const started = JSON.parse(good[1]);
  const activated = JSON.parse(good[2]);
  const cases: [string, string[], string][] = [
    [
      'truncated JSON',
      [...good, good[2].slice(0, 60)],
      '4: acme-003: line: not valid JSON: Unterminated string in JSON at position 60',
    ],
    [
      'an unknown type',
      [...good, JSON.stringify({ ...activated, eventId: 'e-9', type: 'DeviceExploded' })],
      '4: e-9: type: "DeviceExploded" is not a known event type (known: OrganizationRegistered, SubscriptionStarted, SubscriptionRenewed, SubscriptionCanceled, LicenseCapSet, DeviceActivated, DeviceDeactivated, DeviceReactivated, ArchiveCreated, ArchivePurged, UserDeactivated, InvoiceIssued)',
    ],
    [
      'a bad date',
      [good[0], JSON.stringify({ ...started, data: { ...started.data, startDate: '2026-02-30' } })],
      '2: acme-002: data.startDate: "2026-02-30" is not a real date',
    ],
    [
      'a bad zone',
      [JSON.stringify({ ...registration, data: { ...registration.data, timeZone: 'Mars/Olympus' } })],
      '1: acme-001: data.timeZone: "Mars/Olympus" is not an IANA time zone',
    ],
    [
      'too many decimals',
      [
        good[0],
        JSON.stringify({
          ...started,
          data: { ...started.data, plan: { ...started.data.plan, monthlyPricePerDevice: '10.001' } },
        }),
      ],
      '2: acme-002: data.plan.monthlyPricePerDevice: "10.001" has more decimals than USD allows',
    ],
    [
      'a missing field',
      [...good, JSON.stringify({ ...activated, eventId: 'e-9', data: { deviceId: 'd-9' } })],
      '4: e-9: data.userId: missing',
    ],
    [
      'an event about an unknown device',
      [
        ...good,
        JSON.stringify({
          ...activated,
          eventId: 'e-9',
          type: 'DeviceDeactivated',
          data: { deviceId: 'd-99' },
        }),
      ],
      '4: e-9: data.deviceId: device d-99 was never activated',
    ],
    // Backdated events that break a timeline in occurredAt order (docs/counting.md, "Consistency
    // in time"): each was once accepted and then silently left out of every count.
    [
      'a deactivation dated before its device was activated (wrong money: billed 2 devices)',
      [
        ...good,
        at(
          { ...activated, eventId: 'e-8', data: { deviceId: 'd-8', userId: 'u-8' } },
          '2026-03-01T01:00:00Z',
        ),
        at(
          { ...activated, eventId: 'e-9', type: 'DeviceDeactivated', data: { deviceId: 'd-8' } },
          '2026-02-01T00:00:00Z',
          '2026-03-02T00:00:00Z',
        ),
      ],
      '5: e-9: data.deviceId: device d-8 is not active at 2026-02-01T00:00:00Z (first activated at 2026-03-01T01:00:00Z)',
    ],
    [
      'an archive dated before its device was activated (was never counted)',
      [
        ...good,
        at(
          { ...activated, eventId: 'e-8', data: { deviceId: 'd-8', userId: 'u-8' } },
          '2026-03-01T01:00:00Z',
        ),
        at(
          {
            ...activated,
            eventId: 'e-9',
            type: 'ArchiveCreated',
            data: { archiveId: 'a-8', deviceId: 'd-8' },
          },
          '2026-02-01T00:00:00Z',
          '2026-03-02T00:00:00Z',
        ),
      ],
      '5: e-9: data.deviceId: device d-8 is not active at 2026-02-01T00:00:00Z (first activated at 2026-03-01T01:00:00Z)',
    ],
    [
      'a purge dated before its archive was created (was billed forever)',
      [
        ...good,
        at(
          { ...activated, eventId: 'e-7', data: { deviceId: 'd-8', userId: 'u-8' } },
          '2026-03-01T01:00:00Z',
        ),
        at(
          {
            ...activated,
            eventId: 'e-8',
            type: 'ArchiveCreated',
            data: { archiveId: 'a-8', deviceId: 'd-8' },
          },
          '2026-03-01T02:00:00Z',
        ),
        at(
          {
            ...activated,
            eventId: 'e-9',
            type: 'ArchivePurged',
            data: { archiveId: 'a-8', reason: 'retention-expired' },
          },
          '2026-03-01T01:30:00Z',
          '2026-03-03T00:00:00Z',
        ),
      ],
      '6: e-9: data.archiveId: archive a-8 does not exist yet at 2026-03-01T01:30:00Z (it is created at 2026-03-01T02:00:00Z)',
    ],
    [
      'a second registration',
      [...good, JSON.stringify({ ...registration, eventId: 'e-9' })],
      '4: e-9: type: organization acme is already registered; a second OrganizationRegistered',
    ],
    [
      'a reused eventId',
      [...good, JSON.stringify({ ...activated, data: { deviceId: 'd-9', userId: 'u-9' } })],
      '',
    ],
  ];

  it.each(cases)('refuses %s', async (_kind, lines, expected) => {
    const path = await tempFile('bad.jsonl', `${lines.join('\n')}\n`);
    const expectedLine =
      expected === ''
        ? `${path}:4: acme-003: eventId: already used at ${path}:3; event ids are unique`
        : `${path}:${expected}`;
    for (const argv of [
      ['counts', '--events', path, '--org', 'acme', '--at', '2026-03-01T00:00:00Z'],
      ['invoices', '--events', path, '--org', 'acme', '--from', '2026-01-01', '--to', '2026-03-31'],
      ['export', '--events', path, '--org', 'acme'],
    ]) {
      expect(await tally(argv)).toEqual({ code: 2, stdout: '', stderr: `${expectedLine}\n` });
    }
  });

  it('names stdin as the file when reading it', async () => {
    const result = await tally(
      ['counts', '--events', '-', '--org', 'acme', '--at', '2026-03-01T00:00:00Z'],
      `${good[0]}\n{"type":"Device`,
    );
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'stdin:2: -: line: not valid JSON: Unterminated string in JSON at position 15\n',
    });
  });
});

describe('usage errors: exit 2 with one line naming the command and its help, nothing on stdout', () => {
  it.each([
    [
      'an unknown option',
      ['counts', '--events', 'x', '--org', 'acme', '--at', '2026-03-01T00:00:00Z', '--bogus'],
      "tally counts: unknown option '--bogus' (see 'tally counts --help')",
    ],
    [
      'a missing --org',
      ['invoice', '--events', 'x', '--date', '2026-03-09'],
      "tally invoice: required option '--org <ORG>' not specified (see 'tally invoice --help')",
    ],
    [
      'a bad --date',
      ['invoice', '--events', 'x', '--org', 'acme', '--date', '2026-13-01'],
      "tally invoice: option '--date <DATE>' argument '2026-13-01' is invalid. \"2026-13-01\" is not a real date (expected a date like 2026-03-09) (see 'tally invoice --help')",
    ],
    [
      'a bad --format',
      ['invoice', '--events', 'x', '--org', 'acme', '--date', '2026-03-09', '--format', 'xml'],
      "tally invoice: option '--format <FORMAT>' argument 'xml' is invalid. Allowed choices are json, text, csv. (see 'tally invoice --help')",
    ],
    ['an unknown command', ['frobnicate'], "tally: unknown command 'frobnicate' (see 'tally --help')"],
    [
      'a misspelt command',
      ['invoicez'],
      "tally: unknown command 'invoicez' (Did you mean one of invoice, invoices?) (see 'tally --help')",
    ],
    ['no command', [], "tally: give a command (see 'tally --help')"],
    [
      'a missing option value',
      ['counts', '--org'],
      "tally counts: option '--org <ORG>' argument missing (see 'tally counts --help')",
    ],
    [
      'too many files',
      ['verify', 'a', 'b'],
      "tally verify: too many arguments for 'verify'. Expected 1 argument but got 2. (see 'tally verify --help')",
    ],
  ])('refuses %s', async (_kind, argv, message) => {
    const result = await tally(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${message}\n`);
  });

  it('answers an empty file as a log without events: exit 1, one wording for every command', async () => {
    const empty = await tempFile('empty.jsonl', '');
    const expected = `tally: no events for org "acme" in ${empty}; ${empty} has no events\n`;
    for (const argv of [
      ['invoice', empty, '--org', 'acme', '--date', '2026-03-09'],
      ['invoices', empty, '--org', 'acme', '--from', '2026-01-01', '--to', '2026-03-31'],
      ['counts', empty, '--org', 'acme', '--at', '2026-03-01T00:00:00Z'],
      ['export', empty, '--org', 'acme'],
    ]) {
      const result = await tally(argv);
      expect(result, argv[0]).toEqual({ code: 1, stdout: '', stderr: expected });
    }
  });

  it('asks for exactly one source', async () => {
    for (const sources of [
      [],
      ['--events', logPath, '--esdb', 'esdb://localhost:2113?tls=false'],
      ['--events', logPath, '--postgres', 'postgres://localhost/tally'],
    ]) {
      const result = await tally(['counts', ...sources, '--org', 'acme', '--at', '2026-03-01T00:00:00Z']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^tally counts: give exactly one source: FILE or --events FILE \(a JSONL event log; - for stdin\), or --esdb CONNECTION_STRING, --postgres URL or --pglite DIR \(see 'tally counts --help'\)\n$/,
      );
    }
  });

  it('refuses a file that does not exist', async () => {
    const result = await tally([
      'counts',
      '--events',
      '/nonexistent/x.jsonl',
      '--org',
      'acme',
      '--at',
      '2026-03-01T00:00:00Z',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "tally counts: cannot read /nonexistent/x.jsonl: no such file (see 'tally counts --help')\n",
    );
  });

  it('prints help on stdout with exit 0', async () => {
    const result = await tally(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: tally');
    expect(result.stdout).toContain('invoices');
    expect(result.stdout).toContain('each read exactly one source');
    expect(result.stdout).toContain("DATE     a civil date YYYY-MM-DD in the org's time zone");
    expect(result.stdout).toContain('INSTANT  a UTC ISO-8601 instant ending in Z');
  });

  it("prints a command's help with its required options, the source rule and the formats", async () => {
    const result = await tally(['invoices', '--help']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const line = (flag: string) => lines.find((text) => text.trimStart().startsWith(flag)) ?? '';
    for (const flag of ['--org', '--from', '--to']) expect(line(flag)).toMatch(/\(required\)$/);
    for (const flag of ['--events', '--esdb', '--as-known-at', '--format', '--quiet'])
      expect(line(flag)).not.toContain('(required)');
    expect(result.stdout).toContain('Usage: tally invoices [options] [FILE]');
    expect(result.stdout).toContain('Exactly one source: FILE or --events FILE');
    expect(result.stdout).toContain("DATE     a civil date YYYY-MM-DD in the org's time zone (2026-03-09)");
    expect(result.stdout).toContain('INSTANT  a UTC ISO-8601 instant ending in Z (2026-03-07T07:00:00Z;');
    // No help line is wider than commander's own 80 columns.
    expect(lines.filter((text) => text.length > 80)).toEqual([]);
    // counts takes instants only; verify takes neither formats nor a choice of source.
    const counts = (await tally(['counts', '--help'])).stdout;
    expect(counts).toContain('INSTANT  ');
    expect(counts).not.toContain('DATE     ');
    const verify = (await tally(['verify', '--help'])).stdout;
    expect(verify).not.toContain('Exactly one source');
  });

  it('prints the version of package.json with --version and -V', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-V']) {
      expect(await tally([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });
});
