// Starting one of this package's worker threads: from its compiled file, or, when the package
// runs from its TypeScript sources (the tests run them), through tsx's API registered in the
// worker before its file is imported (`--import tsx` in a worker's execArgv does not reach the
// worker's own file on Node 20).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The worker of `name` (`seal-worker`: seal-worker.ts, beside this file). */
export function startWorker(name: string, workerData?: unknown): Worker {
  if (!FROM_SOURCE) return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  const source = new URL(`./${name}.ts`, import.meta.url).href;
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
