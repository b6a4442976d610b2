// verifyExport on sealed exports of generated logs: an intact export verifies (its lines, its
// chain head, and every checkpoint of its first lines); a changed line, a checkpoint whose root
// its lines do not give, and a checkpoint of more events than the export has are each refused
// by name.
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, it as prop } from '@fast-check/vitest';
import type { TallyEvent } from '@tally/domain';
import { arbEventLog } from '@tally/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_CHAIN } from './seal.js';
import { sealEvent } from './seal-event.js';
import { treeHead } from './tree.js';
import { verifyExport } from './verify-export.js';

const folder = await mkdtemp(join(tmpdir(), 'tally-verify-export-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

interface Sealed {
  readonly path: string;
  readonly lines: string[];
  readonly canonical: string[];
  readonly head: string;
}

let files = 0;
/** The sealed export of `events` (no InvoiceIssued: those are checked by the CLI's verify specs). */
function sealed(
  events: readonly TallyEvent[],
  edit: (lines: string[]) => string[] = (lines) => lines,
): Sealed {
  let head = GENESIS_CHAIN;
  const lines: string[] = [];
  const canonical: string[] = [];
  for (const event of events) {
    const line = sealEvent(event, head);
    lines.push(line.text);
    canonical.push(line.canonical);
    head = line.chain;
  }
  files += 1;
  const path = join(folder, `export-${files}.jsonl`);
  writeFileSync(
    path,
    edit(lines)
      .map((line) => `${line}\n`)
      .join(''),
  );
  return { path, lines, canonical, head };
}

const arbLog = arbEventLog({ orgId: 'acme' }).map(({ events }) =>
  events.filter((event) => event.type !== 'InvoiceIssued'),
);
const [example] = fc.sample(
  arbLog.filter((events) => events.length >= 3),
  { numRuns: 1, seed: 11 },
) as [TallyEvent[]];

describe('verifyExport', () => {
  prop.prop([arbLog, fc.nat()], { numRuns: 25 })(
    'accepts an intact export and every checkpoint of its first lines',
    async (events, cut) => {
      const file = sealed(events);
      const size = cut % (events.length + 1);
      const checkpoint = { origin: 'tally/acme', size, root: treeHead(file.canonical.slice(0, size)) };
      const verified = await verifyExport(file.path, {
        name: 'x.jsonl',
        checkpoints: [{ name: 'c', checkpoint }],
      });
      expect(verified).toEqual({
        ok: true,
        value: { lines: events.length, head: file.head, invoices: 0, manifestNotes: [] },
      });
    },
  );

  it('refuses a changed line by its number', async () => {
    const file = sealed(example, (lines) =>
      lines.map((line, i) => (i === 1 ? line.replace('"acme"', '"acmf"') : line)),
    );
    const verified = await verifyExport(file.path, { name: 'x.jsonl' });
    expect(verified.ok).toBe(false);
    expect(verified.ok ? '' : verified.problem).toMatch(/^x\.jsonl:2: /);
  });

  it('refuses a checkpoint whose root the lines do not give, and one of more events than the export has', async () => {
    const file = sealed(example);
    const wrong = { origin: 'tally/acme', size: 2, root: treeHead(file.canonical.slice(1, 3)) };
    const refused = await verifyExport(file.path, {
      name: 'x.jsonl',
      checkpoints: [{ name: 'c.note', checkpoint: wrong }],
    });
    expect(refused.ok ? '' : refused.problem).toMatch(
      /^x\.jsonl: lines 1-2 do not give the tree head c\.note signs/,
    );
    const longer = { origin: 'tally/acme', size: example.length + 1, root: treeHead(file.canonical) };
    const short = await verifyExport(file.path, {
      name: 'x.jsonl',
      checkpoints: [{ name: 'c.note', checkpoint: longer }],
    });
    expect(short.ok ? '' : short.problem).toMatch(
      new RegExp(
        `^x\\.jsonl: the checkpoint signs ${example.length + 1} events, the export has ${example.length}`,
      ),
    );
  });
});
