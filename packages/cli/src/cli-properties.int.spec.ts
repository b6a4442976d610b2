// Properties over generated histories (valid by construction, or with one inconsistent event):
// the CLI agrees with the domain byte for byte, refuses exactly the bad line, and a sealed export
// verifies until any line is removed or moved.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { invoicesBetween, serializeInvoice, type TallyEvent } from '@tally/domain';
import { arbEventLog, arbInconsistentLog, INCONSISTENCY_KINDS } from '@tally/testing';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { runTally } from './cli.js';
import { memoryIo } from './fixtures/memory-io.spec-helper.js';
import { toJsonl } from './fixtures/sample-log.spec-helper.js';

const KNOWN = '2031-01-01T00:00:00Z';
// A file may hold many organizations, so another org's event is not an inconsistency in itself
// (that org's own first event must then be its registration, which is tested in cli.int.spec).
const SINGLE_FILE_KINDS = INCONSISTENCY_KINDS.filter((kind) => kind !== 'foreign-org');
let directory = '';
let fileNumber = 0;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tally-cli-props-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function write(text: string): Promise<string> {
  fileNumber += 1;
  const path = join(directory, `log-${fileNumber}.jsonl`);
  await writeFile(path, text);
  return path;
}

async function tally(argv: string[]) {
  const memory = memoryIo();
  const code = await runTally(argv, memory.io);
  return { code, stdout: memory.stdout(), stderr: memory.stderr() };
}

describe('tally on generated histories', () => {
  test.prop([arbEventLog({ maxEvents: 30 })], { numRuns: 40 })(
    'invoices prints the bytes of invoicesBetween',
    async (log) => {
      const path = await write(toJsonl(log.events));
      const options = { orgId: log.orgId, from: log.startDate, to: log.endDate, asKnownAt: KNOWN };
      const result = await tally([
        'invoices',
        '--events',
        path,
        '--org',
        log.orgId,
        '--from',
        log.startDate,
        '--to',
        log.endDate,
        '--as-known-at',
        KNOWN,
      ]);
      const expected = invoicesBetween(log.events, options);
      if (expected._tag === 'Left') {
        expect(result.code).not.toBe(0);
        expect(result.stdout).toBe('');
      } else {
        expect(result).toEqual({
          code: 0,
          stdout: expected.right.map((invoice) => `${serializeInvoice(invoice)}\n`).join(''),
          stderr: '',
        });
      }
    },
  );

  test.prop([arbInconsistentLog({ maxEvents: 25, kinds: SINGLE_FILE_KINDS })], { numRuns: 40 })(
    'refuses exactly the inconsistent line, with its eventId and field, and prints nothing',
    async (bad) => {
      const path = await write(toJsonl(bad.events));
      const result = await tally(['counts', '--events', path, '--org', bad.valid.orgId, '--at', KNOWN]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.startsWith(`${path}:${bad.index + 1}: ${bad.eventId}: ${bad.field}: `)).toBe(true);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    },
  );

  test.prop(
    [arbEventLog({ maxEvents: 25 }).filter((log) => log.events.length >= 3), fc.nat(), fc.boolean()],
    { numRuns: 40 },
  )('an export verifies; removing or moving a line breaks it at that line', async (log, pick, remove) => {
    const source = await write(toJsonl(log.events));
    const sealed = `${source}.sealed`;
    expect(
      (await tally(['export', '--events', source, '--org', log.orgId, '--out', sealed, '--quiet'])).code,
    ).toBe(0);
    expect((await tally(['verify', sealed])).code).toBe(0);

    const lines = toJsonlLines(await readFile(sealed, 'utf8'));
    // Removing the last line leaves a shorter chain that holds: remove before the last.
    const index = pick % (lines.length - 1);
    const broken = [...lines];
    if (remove) broken.splice(index, 1);
    else [broken[index], broken[index + 1]] = [broken[index + 1] as string, broken[index] as string];
    const path = await write(`${broken.join('\n')}\n`);
    const result = await tally(['verify', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const eventId = (JSON.parse(broken[index] as string) as TallyEvent).eventId;
    expect(result.stderr.startsWith(`${path}:${index + 1}: ${eventId}: chain: `)).toBe(true);
  });
});

const toJsonlLines = (text: string): string[] => text.trimEnd().split('\n');
