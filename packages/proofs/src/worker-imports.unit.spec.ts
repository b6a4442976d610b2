// The worker threads check and chain bytes and canonical texts only: the modules they load must
// not import the domain's main entry (its codecs and calendar cost a worker about 0.2 s and 24 MB
// at start; docs/performance.md, "The seal thread without the domain").
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const here = new URL('./', import.meta.url);

/** The package imports of `file` and of every module of this folder it loads, transitively. */
function packageImports(file: string, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  if (seen.has(file)) return found;
  seen.add(file);
  const source = readFileSync(new URL(file, here), 'utf8');
  // `import type` is erased from the built JavaScript; only value imports load a module.
  for (const [, typeOnly, from] of source.matchAll(/^import (type )?[^;]*? from '([^']+)';$/gms)) {
    if (typeOnly !== undefined || from === undefined) continue;
    if (from.startsWith('./')) {
      for (const inner of packageImports(from.replace(/\.js$/, '.ts'), seen)) found.add(inner);
    } else found.add(from);
  }
  return found;
}

describe('the worker threads', () => {
  for (const worker of ['seal-worker.ts', 'sealing-worker.ts']) {
    it(`${worker} loads no more of the domain than its text rules`, () => {
      const imports = packageImports(worker);
      expect(imports.has('@tally/domain/wire-text')).toBe(true);
      expect([...imports].filter((name) => name === '@tally/domain')).toEqual([]);
    });
  }
});
