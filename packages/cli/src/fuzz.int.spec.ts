// The fuzz suite of hostile input (docs/cli.md, "Bad input, class by class"): byte mutations of a
// valid log and of its sealed export, and hostile strings in every field of every event, run
// through runTally (in-process) on invoices, counts, export and verify. For each input:
// - no crash: the exit code is 0, 1 or 2, never a throw, never "internal error", never a
//   stack trace;
// - exactly one line on stderr when the command fails (none when it succeeds), at most 1,000
//   characters and no control character;
// - no acceptance of an invalid file: the domain's log checker is the oracle. When it refuses
//   a line, every command refuses the file (exit 2) naming that line; when it accepts them
//   all, no command blames a line. verify accepts exactly the export and its line prefixes;
// - linear work: the bytes the command reads from files are counted (every read of node:fs is
//   wrapped) and stay within a small multiple of the input, whatever it holds.
import * as fs from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { fc, test } from '@fast-check/vitest';
import { createLogChecker, encodeEvent, type TallyEvent } from '@tally/domain';
import { GENESIS_CHAIN, sealEvent } from '@tally/proofs';
import { describe, expect, it, vi } from 'vitest';
import { runTally } from './cli.js';
import { memoryIo } from './fixtures/memory-io.spec-helper.js';
import { sampleEvents, tempFile, toJsonl } from './fixtures/sample-log.spec-helper.js';

// Every byte a command reads from a file, counted.
const bytesRead = { total: 0 };
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  const open: typeof actual.open = async (...args: Parameters<typeof actual.open>) => {
    const handle = await actual.open(...args);
    const read = handle.read.bind(handle) as (...a: unknown[]) => Promise<{ bytesRead: number }>;
    (handle as { read: unknown }).read = async (...a: unknown[]) => {
      const result = await read(...a);
      bytesRead.total += result.bytesRead;
      return result;
    };
    return handle;
  };
  return { ...actual, default: { ...actual, open }, open };
});
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const readSync = ((...args: Parameters<typeof actual.readSync>) => {
    const read = actual.readSync(...args);
    bytesRead.total += read;
    return read;
  }) as typeof actual.readSync;
  const createReadStream = ((...args: Parameters<typeof actual.createReadStream>) => {
    const stream = actual.createReadStream(...args);
    stream.on('data', (chunk) => {
      bytesRead.total += chunk.length;
    });
    return stream;
  }) as typeof actual.createReadStream;
  return { ...actual, default: { ...actual, readSync, createReadStream }, readSync, createReadStream };
});

const events = sampleEvents();
const LOG = Buffer.from(toJsonl(events));
const SEALED = Buffer.from(sealedExport(events));
const LF = 0x0a;
const CR = 0x0d;

function sealedExport(list: readonly TallyEvent[]): string {
  let head = GENESIS_CHAIN;
  return list
    .map((event) => {
      const sealed = sealEvent(event, head);
      head = sealed.chain;
      return `${sealed.text}\n`;
    })
    .join('');
}

/** The oracle: the number of the first line the domain's log checker refuses (lines end as
 * the CLI's readers end them: LF, CR LF or a lone CR), or undefined when it accepts them all. */
function firstRefusedLine(bytes: Buffer): number | undefined {
  const checker = createLogChecker();
  let number = 0;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const atEnd = i === bytes.length;
    if (!atEnd && bytes[i] !== LF && bytes[i] !== CR) continue;
    if (atEnd && start === bytes.length) break;
    number += 1;
    if (checker.acceptLineBytes(bytes, start, i, number)._tag === 'Left') return number;
    if (bytes[i] === CR && bytes[i + 1] === LF) i += 1;
    start = i + 1;
  }
  return undefined;
}

const COMMANDS = {
  invoices: (path: string) => [
    'invoices',
    path,
    '--org',
    'acme',
    '--from',
    '2026-01-01',
    '--to',
    '2026-06-30',
    '--as-known-at',
    '2026-11-01T00:00:00Z',
    '--format',
    'csv',
  ],
  counts: (path: string) => ['counts', path, '--org', 'acme', '--at', '2026-03-01T00:00:00Z', '--explain'],
  export: (path: string) => ['export', path, '--org', 'acme', '--quiet'],
};

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly bytesRead: number;
}

async function run(argv: string[]): Promise<Run> {
  const memory = memoryIo();
  bytesRead.total = 0;
  const code = await runTally(argv, memory.io);
  return { code, stdout: memory.stdout(), stderr: memory.stderr(), bytesRead: bytesRead.total };
}

/** What every run must be, whatever the input: an answer, one clean line when it fails, and
 * reads within a few times the input (one read, the export's copy, a look back, an org list). */
function expectClean(result: Run, inputBytes: number, what: string): void {
  expect([0, 1, 2], what).toContain(result.code);
  expect(result.stderr, what).not.toMatch(/internal error|\n\s+at |Error:/);
  if (result.code === 0) expect(result.stderr, what).toBe('');
  else {
    expect(result.stderr, what).toMatch(/^[^\n]+\n$/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the terminal
    expect(result.stderr.slice(0, -1), what).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(result.stderr.length, what).toBeLessThanOrEqual(1001);
  }
  expect(result.bytesRead, `${what}: bytes read`).toBeLessThanOrEqual(6 * inputBytes + 4 * 1024 * 1024);
}

/** Runs the reading commands on `bytes` and holds each to the oracle. */
async function expectOracle(bytes: Buffer): Promise<void> {
  const path = await tempFile('fuzzed.jsonl', '');
  fs.writeFileSync(path, bytes);
  const refused = firstRefusedLine(bytes);
  for (const [name, argv] of Object.entries(COMMANDS)) {
    const result = await run(argv(path));
    const what = `${name} on ${JSON.stringify(bytes.toString('latin1').slice(0, 2000))}`;
    expectClean(result, bytes.length, what);
    if (refused !== undefined) {
      expect(result.code, what).toBe(2);
      expect(result.stdout, what).toBe('');
      expect(result.stderr.startsWith(`${path}:${refused}: `), `${what}: ${result.stderr}`).toBe(true);
    } else {
      expect(result.code, `${what}: ${result.stderr}`).not.toBe(2);
      expect(result.stderr, what).not.toContain(`${path}:`);
    }
  }
}

// Bytes that break JSON, UTF-8 or lines, and any byte at all.
const hostileByte = fc.oneof(
  fc.constantFrom(
    0x00,
    0x0a,
    0x0d,
    0x09,
    0x1b,
    0x20,
    0x22,
    0x2c,
    0x2d,
    0x30,
    0x39,
    0x3a,
    0x5c,
    0x7b,
    0x7d,
    0x7f,
    0x80,
    0xbf,
    0xc0,
    0xc3,
    0xe2,
    0xed,
    0xef,
    0xf0,
    0xf4,
    0xf8,
    0xfe,
    0xff,
  ),
  fc.integer({ min: 0, max: 255 }),
);

type Mutation = (bytes: Buffer) => Buffer;
// Unbiased: fast-check leans towards small numbers, which would put most mutations on line 1.
const position = fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1_000_000);
const at = (bytes: Buffer, where: number) => Math.floor(where * bytes.length);
const lineStarts = (bytes: Buffer) => {
  const starts = [0];
  for (let i = 0; i < bytes.length - 1; i++) if (bytes[i] === LF) starts.push(i + 1);
  return starts;
};

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(position, hostileByte).map(
    ([where, byte]): Mutation =>
      (bytes) => {
        const copy = Buffer.from(bytes);
        copy[at(copy, where)] = byte;
        return copy;
      },
  ),
  fc.tuple(position, fc.array(hostileByte, { minLength: 1, maxLength: 8 })).map(
    ([where, inserted]): Mutation =>
      (bytes) =>
        Buffer.concat([
          bytes.subarray(0, at(bytes, where)),
          Buffer.from(inserted),
          bytes.subarray(at(bytes, where)),
        ]),
  ),
  fc.tuple(position, fc.integer({ min: 1, max: 40 })).map(
    ([where, length]): Mutation =>
      (bytes) => {
        const from = at(bytes, where);
        return Buffer.concat([bytes.subarray(0, from), bytes.subarray(from + length)]);
      },
  ),
  fc.tuple(position, position).map(
    ([first, second]): Mutation =>
      (bytes) => {
        // A line moved before another (or repeated at the end): order, ids and consistency.
        const starts = lineStarts(bytes);
        const a = starts[Math.floor(first * starts.length)] ?? 0;
        const aEnd = bytes.indexOf(LF, a) + 1 || bytes.length;
        const b = starts[Math.floor(second * starts.length)] ?? 0;
        const line = bytes.subarray(a, aEnd);
        const without = Buffer.concat([bytes.subarray(0, a), bytes.subarray(aEnd)]);
        const to = Math.min(b, without.length);
        return second > 0.9
          ? Buffer.concat([bytes, line])
          : Buffer.concat([without.subarray(0, to), line, without.subarray(to)]);
      },
  ),
  position.map(
    (where): Mutation =>
      (bytes) =>
        bytes.subarray(0, at(bytes, where)),
  ),
);

const mutated = (original: Buffer) =>
  fc
    .array(mutation, { minLength: 1, maxLength: 3 })
    .map((steps) => steps.reduce((bytes, step) => step(bytes), original));

/** A hostile string: controls, quotes, escapes, lone surrogates, formula starts, BOMs, near-valid
 * values, and long runs (up to 200,000 characters). */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({
    unit: fc.oneof(
      fc.constantFrom(
        '\n',
        '\r',
        '\t',
        '\u0000',
        '\u001b',
        '\u007f',
        '\u0085',
        '\u2028',
        '\ufeff',
        '\ud800',
        '\udfff',
        '"',
        '\\',
        '=',
        '+',
        '-',
        '@',
        ' ',
        'é',
        '😀',
        '0',
        '9',
        ':',
        'T',
        'Z',
        '.',
      ),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    ),
    maxLength: 30,
  }),
  fc.constantFrom(
    '',
    ' ',
    '=1+2',
    '@SUM(A1)',
    '2026-13-01',
    '9999-12-31',
    '10000-01-01',
    '+010000-01-01',
    '0000-01-01',
    '2026-03-01T00:00:00',
    '2026-03-01T24:00:00Z',
    '9999-12-31T23:59:59.999Z',
    'America/Los_Angeles\n',
    'usd',
    'XXX',
    '1e3',
    '10.001',
    '-0.00',
    'NaN',
    '\u001b[2K\rverified',
    'acme',
    'acme-001',
    'd-1',
  ),
  fc
    .tuple(fc.constantFrom('x', ' ', '\\', '"', '\u00e9', '\ud800'), fc.integer({ min: 1_000, max: 200_000 }))
    .map(([unit, length]) => `x${unit.repeat(length)}y`),
);

/** Every path to a string in a wire object (`data.plan.model`, `eventId`). */
function stringPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value === 'string') return [prefix];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => stringPaths(inner, [...prefix, key]));
}

function withValue(value: unknown, path: readonly string[], replacement: string): unknown {
  if (path.length === 0) return replacement;
  const [key, ...rest] = path as [string, ...string[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
  copy[key] = withValue(copy[key], rest, replacement);
  return copy;
}

const wires = events.map((event) => encodeEvent(event) as unknown);

describe('fuzz: byte mutations of a valid log', () => {
  test.prop([mutated(LOG)], { numRuns: 200 })(
    'invoices, counts and export: one clean line, and refuse exactly what the log checker refuses',
    async (bytes) => {
      await expectOracle(bytes);
    },
  );
});

describe('fuzz: hostile strings in every field', () => {
  test.prop([fc.noBias(fc.nat()), fc.noBias(fc.nat()), hostileString], { numRuns: 200 })(
    'invoices, counts and export: one clean line, and refuse exactly what the log checker refuses',
    async (eventPick, pathPick, hostile) => {
      const index = eventPick % wires.length;
      const paths = stringPaths(wires[index]);
      const path = paths[pathPick % paths.length] as string[];
      const lines = wires.map((wire, i) =>
        JSON.stringify(i === index ? withValue(wire, path, hostile) : wire),
      );
      await expectOracle(Buffer.from(`${lines.join('\n')}\n`));
    },
  );

  /** The sample log with org acme named `orgId` (its issued invoice names it too). */
  const renamed = (orgId: string) => {
    const lines = wires.map((wire) => {
      if ((wire as { orgId: string }).orgId !== 'acme') return JSON.stringify(wire);
      const moved = withValue(wire, ['orgId'], orgId) as { type: string };
      return JSON.stringify(
        moved.type === 'InvoiceIssued' ? withValue(moved, ['data', 'orgId'], orgId) : moved,
      );
    });
    return Buffer.from(`${lines.join('\n')}\n`);
  };

  /** Runs invoices --format csv for org `orgId` of `bytes`; checks it and returns its cells. */
  async function csvCells(orgId: string, bytes: Buffer): Promise<{ code: number; cells: string[] }> {
    const path = await tempFile('org.jsonl', '');
    fs.writeFileSync(path, bytes);
    const argv = COMMANDS.invoices(path).map((arg) => (arg === 'acme' ? orgId : arg));
    const result = await run(argv);
    expectClean(result, bytes.length, `invoices --org ${JSON.stringify(orgId)}`);
    const cells: string[] = [];
    if (result.code === 0) {
      for (const record of result.stdout.split('\r\n').filter((line) => line !== '')) {
        for (const cell of record.match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g) ?? []) {
          cells.push(cell.replace(/,$/, '').replace(/^"(.*)"$/s, '$1'));
        }
      }
    }
    return { code: result.code, cells };
  }

  const formulaLike = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^[+-]?[0-9]+(?:\.[0-9]+)?$/.test(cell);

  it('writes an org named =1+2 behind an apostrophe in every CSV record', async () => {
    const { code, cells } = await csvCells('=1+2', renamed('=1+2'));
    expect(code).toBe(0);
    expect(cells.filter((cell) => cell.includes('=1+2')).length).toBeGreaterThan(1);
    expect(cells.filter(formulaLike)).toEqual([]);
    expect(cells).toContain("'=1+2");
  });

  const formulaOrg = fc.oneof(
    hostileString,
    fc.constantFrom('=1+2', '+SUM(A1)', '-2+3', '@cmd', '\t=1', '\r=1', '=HYPERLINK("http://x")'),
    fc
      .tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string({ maxLength: 10 }))
      .map(([a, b]) => a + b),
  );

  test.prop([formulaOrg], { numRuns: 80 })(
    'an org named anything: its CSV invoices start no cell as a formula; refusals stay one line',
    async (orgId) => {
      const bytes = renamed(orgId);
      const { code, cells } = await csvCells(orgId, bytes);
      if (firstRefusedLine(bytes) === undefined) expect([0, 1]).toContain(code);
      for (const cell of cells) expect(formulaLike(cell), cell).toBe(false);
    },
  );
});

describe('fuzz: byte mutations of a sealed export', () => {
  /** An export verify must accept: the export itself or the export of its first lines. */
  const isLinePrefix = (bytes: Buffer) =>
    bytes.length <= SEALED.length &&
    SEALED.subarray(0, bytes.length).equals(bytes) &&
    (bytes.length === 0 || bytes[bytes.length - 1] === LF);

  test.prop([mutated(SEALED)], { numRuns: 200 })(
    'verify: one clean line, and accepts exactly the export and its line prefixes',
    async (bytes) => {
      const path = await tempFile('sealed.jsonl', '');
      fs.writeFileSync(path, bytes);
      const result = await run(['verify', path, '--quiet']);
      const what = `verify ${JSON.stringify(bytes.toString('latin1').slice(0, 2000))}`;
      expectClean(result, bytes.length, what);
      expect(result.code, `${what}: ${result.stderr}`).toBe(isLinePrefix(bytes) ? 0 : 1);
    },
  );
});
