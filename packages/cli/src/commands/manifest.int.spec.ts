// The manifest through the CLI (docs/proofs.md#the-manifest): invoices issued by the ledger with
// what computed them, exported and sealed; `tally verify` and `tally verify-bundle` reproduce each
// and note (without failing) the ones computed with another tzdb than theirs, naming both; `tally
// prove --invoice NUMBER` finds a version-2 invoice by its number.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Command, type InvoiceManifest, serializeEvent, type TallyEvent } from '@tally/domain';
import {
  billingRun,
  createCommandHandler,
  getInMemoryEventStore,
  hostInvoiceManifest,
  orgStreamName,
} from '@tally/ledger';
import { GENESIS_CHAIN, readPublicKey, sealEvent, verifyBundle, verifyExport } from '@tally/proofs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTally } from '../cli.js';
import { memoryIo } from '../fixtures/memory-io.spec-helper.js';
import { tempFile } from '../fixtures/sample-log.spec-helper.js';

const ORG = 'acme';
const HOST = hostInvoiceManifest();
/** What issued the first three invoices: this engine and rules on another tzdb. */
const OLD: InvoiceManifest = { ...HOST, tzdbVersion: '1999z' };

const setup: Command[] = [
  {
    type: 'RegisterOrganization',
    orgId: ORG,
    at: '2026-01-01T00:00:00Z',
    data: {
      name: 'Acme',
      serialCode: 'AC',
      billingAccount: 'BA-1',
      timeZone: 'America/New_York',
      currency: 'USD',
      coldStorage: false,
    },
  },
  {
    type: 'StartSubscription',
    orgId: ORG,
    at: '2026-01-01T00:00:00Z',
    data: {
      startDate: '2026-01-01',
      plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
    },
  },
  {
    type: 'ActivateDevice',
    orgId: ORG,
    at: '2026-01-02T00:00:00Z',
    data: { deviceId: 'd-1', userId: 'u-1' },
  },
  {
    type: 'ActivateDevice',
    orgId: ORG,
    at: '2026-02-10T00:00:00Z',
    data: { deviceId: 'd-2', userId: 'u-2' },
  },
];

/** AC-1..AC-3 issued by a run with OLD, AC-4 by a handler with this host's manifest. */
async function issuedLog(): Promise<TallyEvent[]> {
  const store = getInMemoryEventStore();
  let id = 0;
  const newEventId = () => `evt-${String(++id).padStart(3, '0')}`;
  const setupHandler = createCommandHandler({ store, clock: () => '2026-02-10T00:00:00Z', newEventId });
  for (const command of setup) await setupHandler.handle(command);
  const at = '2026-03-05T00:00:00Z';
  await billingRun({ store, orgs: ORG, at, clock: () => at, newEventId, manifest: OLD });
  const handler = createCommandHandler({ store, clock: () => '2026-04-02T00:00:00Z', newEventId });
  await handler.handle({
    type: 'IssueInvoice',
    orgId: ORG,
    at: '2026-04-02T00:00:00Z',
    data: { billingDate: '2026-04-01' },
  });
  const events: TallyEvent[] = [];
  for await (const record of store.readStream(orgStreamName(ORG))) events.push(record.event);
  return events;
}

let dir = '';
const path = (name: string) => join(dir, name);

async function tally(argv: string[]) {
  const memory = memoryIo();
  const code = await runTally(argv, memory.io);
  return { code, stdout: memory.stdout(), stderr: memory.stderr() };
}

const note = (number: string) =>
  `tally: note: invoice ${number} was computed with tzdb 1999z, this verifier has tzdb ${HOST.tzdbVersion}; reproduced the same bytes\n`;

let events: TallyEvent[] = [];

beforeAll(async () => {
  events = await issuedLog();
  const log = await tempFile('issued.jsonl', events.map((event) => `${serializeEvent(event)}\n`).join(''));
  dir = dirname(log);
  expect((await tally(['export', log, '--org', ORG, '--out', path('sealed.jsonl'), '--quiet'])).code).toBe(0);
  expect((await tally(['keygen', '--out', path('auditor')])).code).toBe(0);
  const signed = await tally([
    'checkpoint',
    path('sealed.jsonl'),
    '--key',
    path('auditor.key'),
    '--out',
    path('all.checkpoint'),
  ]);
  expect(signed.code).toBe(0);
});

describe('the manifest of each issued invoice', () => {
  it('round-trips through the export: the one it was issued with, on each line', async () => {
    const text = await readFile(path('sealed.jsonl'), 'utf8');
    const invoices = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((event) => event.type === 'InvoiceIssued');
    expect(invoices.map((event) => [event.data.number, event.data.manifest])).toEqual([
      ['AC-1', OLD],
      ['AC-2', OLD],
      ['AC-3', OLD],
      ['AC-4', HOST],
    ]);
  });
});

describe('prove --invoice NUMBER and verify-bundle', () => {
  async function bundleOf(number: string): Promise<string> {
    const out = path(`${number}.bundle`);
    const made = await tally([
      'prove',
      path('sealed.jsonl'),
      '--invoice',
      number,
      '--checkpoint',
      path('all.checkpoint'),
      '--out',
      out,
    ]);
    expect(made.code).toBe(0);
    return out;
  }

  it('proves a version-2 invoice found by its number', async () => {
    const bundle = await readFile(await bundleOf('AC-3'), 'utf8');
    const last = bundle.trimEnd().split('\n').at(-1) as string;
    expect(JSON.parse(last).data.number).toBe('AC-3');
  });

  it('notes an invoice computed with another tzdb, naming both, and verifies it', async () => {
    const result = await tally([
      'verify-bundle',
      await bundleOf('AC-2'),
      '--public-key',
      path('auditor.pub'),
    ]);
    expect(result.stderr).toBe(note('AC-2'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^verified .*AC-2\.bundle: invoice evt-\d+ of acme for 2026-02-01, USD 10\.00, reproduced/,
    );
  });

  it('says nothing of an invoice computed as this verifier computes', async () => {
    const result = await tally([
      'verify-bundle',
      await bundleOf('AC-4'),
      '--public-key',
      path('auditor.pub'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it("is compared with the verifier's own manifest in the library, each version that differs named", async () => {
    const key = readPublicKey(await readFile(path('auditor.pub'), 'utf8'));
    if (!key.ok) throw new Error(key.problem);
    const bytes = await readFile(await bundleOf('AC-4'));
    const own = { engineVersion: '0.0.0', rulesVersion: HOST.rulesVersion, tzdbVersion: '2024a' };
    const verdict = verifyBundle(bytes, key.value, 'AC-4.bundle', { manifest: own });
    if (!verdict.ok) throw new Error(verdict.problem);
    expect(verdict.value.manifestNote).toBe(
      `invoice AC-4 was computed with engine ${HOST.engineVersion} and tzdb ${HOST.tzdbVersion}, this verifier has engine 0.0.0 and tzdb 2024a; reproduced the same bytes`,
    );
    const same = verifyBundle(bytes, key.value, 'AC-4.bundle', { manifest: HOST });
    expect(same.ok && same.value.manifestNote).toBeUndefined();
  });
});

describe('tally verify', () => {
  it('notes each invoice computed with another tzdb, naming both, and verifies the export', async () => {
    for (const quiet of [[], ['--quiet']]) {
      const result = await tally(['verify', path('sealed.jsonl'), ...quiet]);
      expect(result.stderr).toBe(note('AC-1') + note('AC-2') + note('AC-3'));
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /^verified .*sealed\.jsonl: 8 lines, chain head [0-9a-f]{64}, 4 issued invoices reproduced\n$/,
      );
    }
  });

  it('says nothing when every invoice was computed as this verifier computes', async () => {
    const same = events.map((event) =>
      event.type === 'InvoiceIssued' ? { ...event, data: { ...event.data, manifest: HOST } } : event,
    );
    await writeFile(path('same.sealed.jsonl'), sealAll(same));
    const result = await tally(['verify', path('same.sealed.jsonl')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('names the versions when an invoice with another manifest is not reproduced', async () => {
    const forged = events.map((event) => {
      if (event.type !== 'InvoiceIssued' || event.data.number !== 'AC-2') return event;
      const [first, ...rest] = event.data.lines;
      const lines = [{ ...first, description: 'something else' }, ...rest] as typeof event.data.lines;
      return { ...event, data: { ...event.data, lines } };
    });
    await writeFile(path('forged.sealed.jsonl'), sealAll(forged));
    const result = await tally(['verify', path('forged.sealed.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('data.lines[0].description');
    expect(result.stderr).toContain(
      `(the invoice was computed with tzdb 1999z, this verifier has tzdb ${HOST.tzdbVersion})`,
    );
  });

  it("compares with the verifier's own manifest in the library", async () => {
    const own = { ...OLD, rulesVersion: 'r-next' };
    const verdict = await verifyExport(path('sealed.jsonl'), { manifest: own });
    if (!verdict.ok) throw new Error(verdict.problem);
    const rulesOnly = (number: string) =>
      `invoice ${number} was computed with rules ${HOST.rulesVersion}, this verifier has rules r-next; reproduced the same bytes`;
    expect(verdict.value.manifestNotes).toEqual([
      rulesOnly('AC-1'),
      rulesOnly('AC-2'),
      rulesOnly('AC-3'),
      `invoice AC-4 was computed with rules ${HOST.rulesVersion} and tzdb ${HOST.tzdbVersion}, this verifier has rules r-next and tzdb 1999z; reproduced the same bytes`,
    ]);
  });
});

/** The sealed lines of `list`, each with its newline. */
function sealAll(list: readonly TallyEvent[]): string {
  let head = GENESIS_CHAIN;
  return list
    .map((event) => {
      const sealed = sealEvent(event, head);
      head = sealed.chain;
      return `${sealed.text}\n`;
    })
    .join('');
}
