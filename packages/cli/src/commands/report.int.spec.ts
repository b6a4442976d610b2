// `tally report` streams a source into the report module: its page must be the one the report
// module builds from the same events in memory, from a file and from stdin alike.
import { readFile } from 'node:fs/promises';
import { buildReportData, renderReport } from '@tally/report';
import { describe, expect, it } from 'vitest';
import { runTally } from '../cli.js';
import { memoryIo } from '../fixtures/memory-io.spec-helper.js';
import { sampleEvents, tempFile, toJsonl } from '../fixtures/sample-log.spec-helper.js';

const events = sampleEvents();
const options = { orgId: 'acme', from: '2026-01-01', to: '2026-05-31', asKnownAt: '2026-11-01T00:00:00Z' };
const args = [
  '--org',
  'acme',
  '--from',
  options.from,
  '--to',
  options.to,
  '--as-known-at',
  options.asKnownAt,
];

function expectedPage(): string {
  const data = buildReportData(events, options);
  if (data._tag === 'Left') throw new Error(data.left.message);
  return renderReport(data.right);
}

describe('tally report', () => {
  it('prints the page the report module builds from the same events', async () => {
    const path = await tempFile('events.jsonl', toJsonl(events));
    const memory = memoryIo();
    expect(await runTally(['report', '--events', path, ...args], memory.io)).toBe(0);
    expect(memory.stdout()).toBe(expectedPage());
    expect(memory.stdout()).toContain('150.00');
  });

  it('writes --out and says so on stderr, reading stdin', async () => {
    const out = `${await tempFile('placeholder', '')}.html`;
    const memory = memoryIo(toJsonl(events));
    expect(await runTally(['report', '--events', '-', ...args, '--out', out], memory.io)).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(expectedPage());
    expect(memory.stdout()).toBe('');
    expect(memory.stderr()).toBe(`wrote ${out}\n`);
  });

  it('exits 1 for an org the log does not have, with nothing on stdout', async () => {
    const path = await tempFile('events.jsonl', toJsonl(events));
    const memory = memoryIo();
    const code = await runTally(
      ['report', '--events', path, ...args.map((a) => (a === 'acme' ? 'nobody' : a))],
      memory.io,
    );
    expect(code).toBe(1);
    expect(memory.stdout()).toBe('');
    expect(memory.stderr()).toBe(
      `tally: no OrganizationRegistered for org "nobody" recorded by ${options.asKnownAt}; ${path} has 2 orgs: acme, globex\n`,
    );
  });

  it('refuses --out into a folder that does not exist (exit 2, the folder named), before reading', async () => {
    const folder = `${await tempFile('placeholder', '')}-missing`;
    const memory = memoryIo();
    const out = `${folder}/report.html`;
    const code = await runTally(
      ['report', '--events', '/nonexistent.jsonl', ...args, '--out', out],
      memory.io,
    );
    expect(code).toBe(2);
    expect(memory.stdout()).toBe('');
    expect(memory.stderr()).toBe(
      `tally: cannot write --out ${out}: the folder ${folder} does not exist (create it first)\n`,
    );
  });

  it('refuses --from after --to as a usage error (exit 2)', async () => {
    const path = await tempFile('events.jsonl', toJsonl(events));
    const memory = memoryIo();
    const code = await runTally(
      ['report', path, '--org', 'acme', '--from', '2026-05-01', '--to', '2026-01-01'],
      memory.io,
    );
    expect(code).toBe(2);
    expect(memory.stdout()).toBe('');
    expect(memory.stderr()).toMatch(
      /^tally report: --from 2026-05-01 is after --to 2026-01-01 \(see 'tally report --help'\)\n$/,
    );
  });

  it('reads a positional FILE like --events FILE', async () => {
    const path = await tempFile('events.jsonl', toJsonl(events));
    const memory = memoryIo();
    expect(await runTally(['report', path, ...args], memory.io)).toBe(0);
    expect(memory.stdout()).toBe(expectedPage());
  });
});
