// Starting a package's worker thread: from its compiled file, or, when the package runs from its
// TypeScript sources (the tests run them), through tsx's API registered in the worker before its
// file is imported (`--import tsx` in a worker's execArgv does not reach the worker's own file on
// Node 20). A subpath of its own (`@tally/domain/worker-start`): the packages that start threads
// (the ledger's file reader, the proofs' seal) share it, and it loads none of the domain.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The worker of module `name` beside the module at `besideUrl` (its `import.meta.url`):
 * `name.js` when that module is compiled, `name.ts` when it runs from its sources. */
export function startWorker(besideUrl: string, name: string, workerData?: unknown): Worker {
  if (!besideUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, besideUrl), { workerData });
  const source = new URL(`./${name}.ts`, besideUrl).href;
  const boot = `import(${JSON.stringify(tsxApiUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** tsx's ESM API, found through the exports its package declares. */
function tsxApiUrl(): string {
  const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const api = manifest.exports['./esm/api']?.import.default as string;
  return pathToFileURL(join(dirname(manifestPath), api)).href;
}
