// A head start for the reading thread of `tally invoice(s) --events FILE`: the executable starts
// it before it loads the rest of the command line (commander, the codecs, the Temporal polyfill:
// ~0.2 s), so the first chunks are read while the main thread is still loading. It is only a
// guess from the raw arguments: when the scan asks for the same file and organization it takes
// the running worker, otherwise the worker is never waited for (it does not keep the process
// alive) and the scan starts its own.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { type LineSource, linesInWorker } from './line-source.js';

/** Files from this size are read in a worker (a smaller one is done before a worker starts). */
export const WORKER_FROM_BYTES = 8 * 2 ** 20;

let early: { readonly path: string; readonly orgId: string; readonly source: LineSource } | undefined;

/** Starts the reading thread when `argv` (the arguments after the executable) asks for
 * invoices from a large enough file. Never throws: a guess that fails changes nothing. */
export function startEarlyScan(argv: readonly string[]): void {
  try {
    if (argv[0] !== 'invoices' && argv[0] !== 'invoice') return;
    const path = optionValue(argv, '--events');
    const orgId = optionValue(argv, '--org');
    if (path === undefined || path === '-' || orgId === undefined || availableParallelism() < 2) return;
    if (statSync(path).size < WORKER_FROM_BYTES) return;
    early = { path, orgId, source: linesInWorker(path, orgId, { keepAlive: false }) };
  } catch {
    early = undefined;
  }
}

/** The early reading thread, when it was started for this file and organization (once). */
export function takeEarlyScan(path: string, orgId: string): LineSource | undefined {
  const taken = early;
  if (taken === undefined || taken.path !== path || taken.orgId !== orgId) return undefined;
  early = undefined;
  taken.source.keepAlive();
  return taken.source;
}

/** The value of `--name VALUE` or `--name=VALUE` (the last one given, as commander reads it). */
function optionValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  argv.forEach((argument, index) => {
    if (argument === name) value = argv[index + 1];
    else if (argument.startsWith(`${name}=`)) value = argument.slice(name.length + 1);
  });
  return value;
}
