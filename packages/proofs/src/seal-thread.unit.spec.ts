// The seal checked on a thread of its own gives the verdict the check on the main thread gives,
// message for message: for intact and tampered exports (a changed byte, a line removed, two
// lines swapped, a line cut short, a CR added), with and without a checkpoint, and for bundles;
// and for files whose lines straddle the 1 MB pieces the thread is sent.
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, it as prop } from '@fast-check/vitest';
import type { TallyEvent } from '@tally/domain';
import { arbEventLog } from '@tally/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleHeaderLine, verifyBundle, verifyBundleFile } from './bundle.js';
import { signCheckpoint } from './checkpoint.js';
import { generateSigningKeyPair, readPrivateKey, readPublicKey } from './keys.js';
import { GENESIS_CHAIN } from './seal.js';
import { sealEvent } from './seal-event.js';
import { sealCheckOnThread } from './seal-thread.js';
import { treeHead } from './tree.js';
import { verifyExport } from './verify-export.js';

const folder = await mkdtemp(join(tmpdir(), 'tally-seal-thread-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

let files = 0;
function fileOf(text: string): string {
  files += 1;
  const path = join(folder, `file-${files}.jsonl`);
  writeFileSync(path, text);
  return path;
}

function sealedLines(events: readonly TallyEvent[]): { texts: string[]; canonical: string[] } {
  let chain = GENESIS_CHAIN;
  const texts: string[] = [];
  const canonical: string[] = [];
  for (const event of events) {
    const line = sealEvent(event, chain);
    texts.push(line.text);
    canonical.push(line.canonical);
    chain = line.chain;
  }
  return { texts, canonical };
}

type Tampering = (lines: string[], at: number, salt: number) => string[];

const TAMPERINGS: Record<string, Tampering> = {
  none: (lines) => lines,
  'a changed byte': (lines, at, salt) =>
    lines.map((line, i) => {
      if (i !== at) return line;
      const where = salt % line.length;
      const changed = line.charCodeAt(where) === 0x61 ? 'b' : 'a';
      return line.slice(0, where) + changed + line.slice(where + 1);
    }),
  'a line removed': (lines, at) => lines.filter((_, i) => i !== at),
  'two lines swapped': (lines, at) => {
    const next = (at + 1) % lines.length;
    return lines.map((line, i) =>
      i === at ? (lines[next] as string) : i === next ? (lines[at] as string) : line,
    );
  },
  'a line cut short': (lines, at, salt) =>
    lines.map((line, i) => (i === at ? line.slice(0, salt % line.length) : line)),
  'a CR added': (lines, at) => lines.map((line, i) => (i === at ? `${line}\r` : line)),
};

const arbLog = arbEventLog({ orgId: 'acme' }).map(({ events }) =>
  events.filter((event) => event.type !== 'InvoiceIssued'),
);
const arbTampered = fc.record({
  events: arbLog.filter((events) => events.length >= 2),
  tampering: fc.constantFrom(...Object.keys(TAMPERINGS)),
  at: fc.nat(),
  salt: fc.nat(),
  size: fc.nat(),
  wrongRoot: fc.boolean(),
});

describe('the seal on a thread of its own', () => {
  prop.prop([arbTampered], { numRuns: 8 })(
    'verifyExport gives the same verdict as on the main thread',
    async ({ events, tampering, at, salt, size, wrongRoot }) => {
      const { texts, canonical } = sealedLines(events);
      const lines = (TAMPERINGS[tampering] as Tampering)(texts, at % texts.length, salt);
      const path = fileOf(lines.map((line) => `${line}\n`).join(''));
      const signed = size % (events.length + 1);
      const leaves = canonical.slice(wrongRoot ? 1 : 0, signed + (wrongRoot ? 1 : 0));
      const checkpoint = { origin: 'tally/acme', size: signed, root: treeHead(leaves) };
      for (const checkpoints of [[], [{ name: 'c.note', checkpoint }]]) {
        const here = await verifyExport(path, { name: 'x.jsonl', checkpoints, threads: false });
        const there = await verifyExport(path, { name: 'x.jsonl', checkpoints, threads: true });
        expect(there).toEqual(here);
      }
    },
  );

  prop.prop([arbTampered], { numRuns: 6 })(
    'verifyBundleFile gives the verdict verifyBundle gives in memory',
    async ({ events, tampering, at, salt }) => {
      const pair = generateSigningKeyPair();
      const privateKey = readPrivateKey(pair.privateKey);
      const publicKey = readPublicKey(pair.publicKey);
      if (!privateKey.ok || !publicKey.ok) throw new Error('no key pair');
      const { texts, canonical } = sealedLines(events);
      const root = treeHead(canonical);
      const checkpoint = signCheckpoint(
        { origin: 'tally/acme', size: events.length, root },
        privateKey.value,
      );
      const header = bundleHeaderLine({ checkpoint, consistency: [], size: events.length });
      const lines = (TAMPERINGS[tampering] as Tampering)(texts, at % texts.length, salt);
      const text = [header, ...lines].map((line) => `${line}\n`).join('');
      const here = verifyBundle(Buffer.from(text), publicKey.value, 'b.bundle');
      const there = await verifyBundleFile(fileOf(text), publicKey.value, 'b.bundle', { threads: true });
      expect(there).toEqual(here);
    },
  );

  it('reads lines that straddle the pieces it is sent', async () => {
    // Event ids of 300,000 characters: lines of about 300 KB, so most cross a 1 MB boundary.
    const [log] = fc.sample(
      arbLog.filter((events) => events.length >= 12),
      { numRuns: 1, seed: 7 },
    ) as [TallyEvent[]];
    const long = log.map((event) => ({ ...event, eventId: `${event.eventId}-${'x'.repeat(300_000)}` }));
    const { texts, canonical } = sealedLines(long);
    const checkpoint = { origin: 'tally/acme', size: long.length, root: treeHead(canonical) };
    const intact = fileOf(texts.map((line) => `${line}\n`).join(''));
    const changed = fileOf(
      (TAMPERINGS['a changed byte'] as Tampering)(texts, 9, 150_000)
        .map((line) => `${line}\n`)
        .join(''),
    );
    for (const path of [intact, changed]) {
      const checkpoints = [{ name: 'c.note', checkpoint }];
      const here = await verifyExport(path, { name: 'x.jsonl', checkpoints, threads: false });
      const there = await verifyExport(path, { name: 'x.jsonl', checkpoints, threads: true });
      expect(there).toEqual(here);
    }
    const seal = sealCheckOnThread({ skipLines: 0, tree: true, rootsAt: [3, long.length] });
    const bytes = Buffer.from(texts.map((line) => `${line}\n`).join(''));
    for (let at = 0; at < bytes.length; at += 1 << 20) await seal.piece(bytes.subarray(at, at + (1 << 20)));
    const summary = await seal.finish();
    expect(summary.problem).toBeUndefined();
    expect(summary.events).toBe(long.length);
    expect(summary.root.equals(checkpoint.root)).toBe(true);
    expect(summary.roots.get(3)?.equals(treeHead(canonical.slice(0, 3)))).toBe(true);
  });
});
