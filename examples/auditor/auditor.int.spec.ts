// The auditor example runs end to end (its proofs too), and history.jsonl is exactly what
// make-history.ts writes.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('./', import.meta.url));

describe('examples/auditor', () => {
  it('history.jsonl is the output of make-history.ts', async () => {
    const made = spawnSync('npx', ['tsx', 'examples/auditor/make-history.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(made.status).toBe(0);
    expect(made.stdout).toBe(await readFile(join(here, 'history.jsonl'), 'utf8'));
  });

  it('run.sh runs every command and the export verifies', { timeout: 180_000 }, async () => {
    const out = await mkdtemp(join(tmpdir(), 'tally-auditor-'));
    const run = spawnSync('bash', [join(here, 'run.sh'), out], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Grand total of 12 invoices: USD 1620.00');
    expect(run.stdout).toMatch(
      /verified .*chemistry\.sealed\.jsonl: 51 lines, chain head [0-9a-f]{64}, 1 issued invoice reproduced/,
    );
    expect(run.stdout).toMatch(
      /matches .*june\.checkpoint: lines 1-30 are the 30 events it signs for tally\/chemistry/,
    );
    expect(run.stdout).toMatch(
      /consistent: .*chemistry\.checkpoint \(51 events\) extends .*june\.checkpoint \(30 events\)/,
    );
    expect(run.stdout).toMatch(
      /verified .*september\.bundle: invoice chemistry-0049 of chemistry for 2026-09-15, USD 130\.00/,
    );
    expect(run.stderr).toMatch(/truncated\.jsonl: the checkpoint signs 51 events, the export has 50/);
    expect((await readFile(join(out, 'invoices.jsonl'), 'utf8')).trimEnd().split('\n')).toHaveLength(12);
    const counts = JSON.parse(await readFile(join(out, 'counts-2026-08-15.json'), 'utf8'));
    expect(counts.licensesInUse).toBe(13);
    // The report step either wrote the page or said, in so many words, that it was skipped.
    const reportLine = run.stdout
      .split('\n')
      .find((line) => line.startsWith('wrote ') && line.endsWith('report.html'));
    const skipped = run.stdout
      .split('\n')
      .find((line) => line.startsWith('skipped: tally report: not available'));
    expect(reportLine ?? skipped).toBeDefined();
    if (reportLine !== undefined) {
      expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    }
  });
});
