// export then verify: a sealed export verifies; a changed, removed or reordered line, a line
// rewritten in other bytes, and a tampered InvoiceIssued (even re-sealed) each fail at their line.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { encodeEvent, type InvoiceIssued, type TallyEvent } from '@tally/domain';
import { GENESIS_CHAIN, sealEvent } from '@tally/proofs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTally } from './cli.js';
import { memoryIo } from './fixtures/memory-io.spec-helper.js';
import { eventsOf, sampleEvents, tempFile, toJsonl } from './fixtures/sample-log.spec-helper.js';

const events = sampleEvents();
let logPath = '';
let sealedPath = '';
let sealedLines: string[] = [];

async function tally(argv: string[]) {
  const memory = memoryIo();
  const code = await runTally(argv, memory.io);
  return { code, stdout: memory.stdout(), stderr: memory.stderr() };
}

/** Canonical JSON written independently of the code under test: keys sorted, no spaces (the
 * fixture holds only ASCII keys, strings, integers, booleans and null). */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const sealAll = (list: readonly TallyEvent[]) => {
  let head = GENESIS_CHAIN;
  return list.map((event) => {
    const sealed = sealEvent(event, head);
    head = sealed.chain;
    return sealed.text;
  });
};

beforeAll(async () => {
  logPath = await tempFile('events.jsonl', toJsonl(events));
  sealedPath = `${logPath}.sealed`;
  const exported = await tally(['export', '--events', logPath, '--org', 'acme', '--out', sealedPath]);
  expect(exported.code).toBe(0);
  sealedLines = (await readFile(sealedPath, 'utf8')).trimEnd().split('\n');
});

describe('tally export', () => {
  it("writes the org's events in stream order, each canonical with the documented chain", () => {
    const acme = eventsOf(events, 'acme');
    expect(sealedLines).toHaveLength(acme.length);
    let previous = '0'.repeat(64);
    sealedLines.forEach((line, i) => {
      const wire = encodeEvent(acme[i] as TallyEvent);
      const chain = sha256(previous + sortedJson(wire));
      expect(line).toBe(sortedJson({ ...wire, chain }));
      previous = chain;
    });
  });

  it('prints the same lines on stdout, and the count and chain head on stderr', async () => {
    const result = await tally(['export', '--events', logPath, '--org', 'acme']);
    expect(result.stdout).toBe(`${sealedLines.join('\n')}\n`);
    const head = JSON.parse(sealedLines.at(-1) as string).chain;
    expect(result.stderr).toBe(`exported ${sealedLines.length} events of org acme; chain head ${head}\n`);
  });
});

describe('tally verify', () => {
  async function verifyLines(lines: readonly string[]) {
    const path = await tempFile('sealed.jsonl', `${lines.join('\n')}\n`);
    return { path, result: await tally(['verify', path]) };
  }

  it('passes an untouched export and reproduces its InvoiceIssued', async () => {
    const result = await tally(['verify', sealedPath]);
    const head = JSON.parse(sealedLines.at(-1) as string).chain;
    expect(result).toEqual({
      code: 0,
      stdout: `verified ${sealedPath}: ${sealedLines.length} lines, chain head ${head}, 1 issued invoice reproduced\n`,
      stderr: '',
    });
  });

  it('names a changed line', async () => {
    const lines = [...sealedLines];
    lines[4] = (lines[4] as string).replace('"d-2"', '"d-7"');
    expect(lines[4]).not.toBe(sealedLines[4]);
    const { path, result } = await verifyLines(lines);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^${path}:5: acme-005: chain: is [0-9a-f]{64} but the previous line's chain`),
    );
  });

  it('names the line after a removed line', async () => {
    const lines = sealedLines.filter((_, i) => i !== 2);
    const { path, result } = await verifyLines(lines);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${path}:3: acme-004: chain: `));
  });

  it('names the first of two swapped lines', async () => {
    const lines = [...sealedLines];
    [lines[4], lines[5]] = [lines[5] as string, lines[4] as string];
    const { path, result } = await verifyLines(lines);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${path}:5: acme-006: chain: `));
  });

  it('names a line whose bytes were rewritten without changing its content', async () => {
    const lines = [...sealedLines];
    lines[1] = JSON.stringify(JSON.parse(lines[1] as string), null, 1).replace(/\n/g, '');
    const { path, result } = await verifyLines(lines);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `${path}:2: acme-002: line: not in RFC 8785 canonical form (the bytes were rewritten)\n`,
    });
  });

  it('refuses a plain log: it has no chain, and tally export makes one', async () => {
    const result = await tally(['verify', logPath]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `${logPath}:1: acme-001: chain: missing: this is not a sealed export; seal the log with tally export (tally export LOG --org ORG --out sealed.jsonl) and verify that\n`,
    });
  });

  it('names a chain missing after the first line as a broken export, not as a log', async () => {
    const [first, second, ...rest] = sealedLines as [string, string, ...string[]];
    const { chain: _, ...unsealed } = JSON.parse(second) as Record<string, unknown>;
    const { path, result } = await verifyLines([first, JSON.stringify(unsealed), ...rest]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${path}:2: acme-002: chain: missing, or not 64 lower-case hex digits: this is not a sealed export\n`,
    );
  });

  it('catches a tampered InvoiceIssued even when the whole file is sealed again', async () => {
    const acme = eventsOf(events, 'acme');
    const index = acme.findIndex((event) => event.type === 'InvoiceIssued');
    const issued = acme[index] as InvoiceIssued;
    const [line] = issued.data.lines;
    if (line === undefined) throw new Error('fixture invoice has a line');
    const tampered: InvoiceIssued = {
      ...issued,
      data: { ...issued.data, lines: [{ ...line, quantity: 5, amount: '50.00' }], total: '50.00' },
    };
    const { path, result } = await verifyLines(
      sealAll(acme.map((event, i) => (i === index ? tampered : event))),
    );
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `${path}:${index + 1}: ${issued.eventId}: data: not reproduced by a replay as known at ${issued.recordedAt}: data.lines[0].quantity: issued 5, replay gives 4\n`,
    });
  });

  it('catches an inconsistent log even when it is sealed (exit 1, the line named)', async () => {
    const acme = eventsOf(events, 'acme');
    const stray: TallyEvent = {
      ...(acme[2] as TallyEvent),
      eventId: 'stray',
      type: 'DeviceReactivated',
      data: { deviceId: 'd-404' },
    } as TallyEvent;
    const { path, result } = await verifyLines(sealAll([...acme.slice(0, 3), stray, ...acme.slice(3)]));
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `${path}:4: stray: data.deviceId: device d-404 was never activated\n`,
    });
  });

  it('reads a sealed export from stdin', async () => {
    const memory = memoryIo(`${sealedLines.join('\n')}\n`);
    const code = await runTally(['verify', '-'], memory.io);
    expect(code).toBe(0);
    expect(memory.stdout()).toMatch(/^verified stdin: /);
  });

  it('writes nothing to the --out file when the source is bad', async () => {
    const bad = await tempFile('bad.jsonl', `${toJsonl(events.slice(0, 2))}{"type":\n`);
    const out = `${bad}.sealed`;
    const result = await tally(['export', '--events', bad, '--org', 'acme', '--out', out]);
    expect(result.code).toBe(2);
    await expect(readFile(out, 'utf8')).rejects.toThrow(/ENOENT/);
    await writeFile(out, 'kept');
  });
});
