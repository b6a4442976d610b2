// Interop: tally's tree heads and proofs checked by an independent verifier in another language
// (test/interop/check_proofs.py, Python's standard library only), so the formats documented in
// docs/proofs.md are not only consistent with themselves. The Python script recomputes the tree
// head from the export's bytes, and checks a consistency proof file and an inclusion proof with
// the RFC 9162 algorithms; it must also refuse them once changed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTally } from '@tally/cli';
import { inclusionProof, leafHash, leafHashList } from '@tally/proofs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../packages/cli/src/fixtures/memory-io.spec-helper.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const script = join(root, 'test/interop/check_proofs.py');
const history = join(root, 'examples/auditor/history.jsonl');
let dir = '';
const at = (name: string) => join(dir, name);

async function tally(argv: string[]): Promise<void> {
  const memory = memoryIo();
  const code = await runTally(argv, memory.io);
  expect(code, `tally ${argv.join(' ')}: ${memory.stderr()}`).toBe(0);
}

const python = (args: string[]) => {
  const run = spawnSync('python3', [script, ...args], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tally-interop-'));
  writeFileSync(
    at('early.jsonl'),
    readFileSync(history, 'utf8').split('\n').slice(0, 23).join('\n').concat('\n'),
  );
  await tally(['keygen', '--out', at('k')]);
  await tally(['export', history, '--org', 'chemistry', '--out', at('all.sealed.jsonl'), '--quiet']);
  await tally([
    'export',
    at('early.jsonl'),
    '--org',
    'chemistry',
    '--out',
    at('early.sealed.jsonl'),
    '--quiet',
  ]);
  await tally([
    'checkpoint',
    at('all.sealed.jsonl'),
    '--key',
    at('k.key'),
    '--out',
    at('all.checkpoint'),
    '--quiet',
  ]);
  await tally([
    'checkpoint',
    at('early.sealed.jsonl'),
    '--key',
    at('k.key'),
    '--out',
    at('early.checkpoint'),
    '--quiet',
  ]);
  await tally([
    'prove-consistency',
    '--old',
    at('early.checkpoint'),
    '--new',
    at('all.checkpoint'),
    at('all.sealed.jsonl'),
    '--out',
    at('consistency.proof'),
    '--quiet',
  ]);
  // An inclusion proof of line 17, from the library, in the script's small JSON form.
  const lines = readFileSync(at('all.sealed.jsonl'), 'utf8').trimEnd().split('\n');
  const leaves = leafHashList(lines.map((line) => leafHash(`{${line.slice(76)}`)));
  const proof = inclusionProof(leaves, 16);
  writeFileSync(
    at('inclusion.json'),
    JSON.stringify({ index: 16, size: lines.length, proof: proof.map((hash) => hash.toString('base64')) }),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an independent Python verifier', () => {
  it('recomputes the tree heads and accepts the consistency and inclusion proofs', () => {
    const early = python([at('early.sealed.jsonl'), at('early.checkpoint')]);
    expect(early.out).toMatch(/^ok tree head: tally\/chemistry, 23 events, /);
    const all = python([
      at('all.sealed.jsonl'),
      at('all.checkpoint'),
      '--consistency',
      at('consistency.proof'),
      at('early.checkpoint'),
      '--inclusion',
      at('inclusion.json'),
    ]);
    expect(all.out).toBe(
      `ok tree head: tally/chemistry, 51 events, ${readFileSync(at('all.checkpoint'), 'utf8').split('\n')[2]}\nok consistency: 23 -> 51 events\nok inclusion: line 17 of 51\n`,
    );
    expect(all.code).toBe(0);
  });

  it('refuses a changed proof hash, a changed export and a checkpoint of another export', () => {
    const proof = JSON.parse(readFileSync(at('consistency.proof'), 'utf8')) as { proof: string[] };
    proof.proof[1] = Buffer.alloc(32, 1).toString('base64');
    writeFileSync(at('bad.proof'), JSON.stringify(proof));
    const bad = python([
      at('all.sealed.jsonl'),
      at('all.checkpoint'),
      '--consistency',
      at('bad.proof'),
      at('early.checkpoint'),
    ]);
    expect(bad).toEqual({ code: 1, out: expect.stringMatching(/FAIL consistency proof/) });
    const text = readFileSync(at('all.sealed.jsonl'), 'utf8');
    writeFileSync(at('changed.jsonl'), text.replace('chem-laptop-9"', 'chem-laptop-98"'));
    expect(python([at('changed.jsonl'), at('all.checkpoint')]).code).toBe(1);
    expect(python([at('early.sealed.jsonl'), at('all.checkpoint')]).out).toMatch(
      /FAIL the checkpoint signs 51 events, the export has 23/,
    );
  });
});
