// The worker threads that check and chain bytes, canonical texts and event ids only: the modules
// they load must not import the domain's main entry (its codecs and calendar cost a worker about
// 0.2 s and 24 MB at start; docs/performance.md, "The seal thread without the domain"). The
// export's sealing worker (proofs/src/sealing-worker.ts) is not one of them: it decodes the lines
// it seals with the domain's decoder, and loads it on purpose.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The package imports of `file` and of every module of its package it loads, transitively. */
function packageImports(file: URL, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  if (seen.has(file.href)) return found;
  seen.add(file.href);
  const source = readFileSync(file, 'utf8');
  // `import type` is erased from the built JavaScript; only value imports load a module.
  for (const [, typeOnly, from] of source.matchAll(/^import (type )?[^;]*? from '([^']+)';$/gms)) {
    if (typeOnly !== undefined || from === undefined) continue;
    if (from.startsWith('./') || from.startsWith('../')) {
      for (const inner of packageImports(new URL(from.replace(/\.js$/, '.ts'), file), seen)) found.add(inner);
    } else found.add(from);
  }
  return found;
}

const WORKERS = ['proofs/src/seal-worker.ts', 'ledger/src/log-files/reading-worker.ts'];

describe('the worker threads', () => {
  for (const worker of WORKERS) {
    it(`${worker} loads no more of the domain than its text rules`, () => {
      const imports = packageImports(new URL(`../packages/${worker}`, import.meta.url));
      expect(imports.has('@tally/domain/wire-text')).toBe(true);
      expect([...imports].filter((name) => name === '@tally/domain')).toEqual([]);
    });
  }
});
