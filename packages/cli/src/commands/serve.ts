// `tally serve`: the live dashboard (@tally/dashboard) over a store or an event file.
// A store is opened for writing (the projection keeps its state there, beside the org streams);
// a file is read into an in-memory store first. Runs until SIGINT or SIGTERM.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { startDashboard } from '@tally/dashboard';
import { startLiveProjection } from '@tally/ledger';
import { usageError } from '../errors.js';
import { checkedFileInMemory } from '../input/file-in-memory.js';
import { openStore, type SourceOptions, storeError } from '../input/source.js';
import type { CliIo } from '../io.js';

export interface ServeCommandOptions {
  readonly source: SourceOptions;
  readonly port: number;
  readonly host: string;
  /** Resolves when the server should stop; default: SIGINT or SIGTERM. */
  readonly until?: Promise<unknown>;
}

export async function serveCommand(options: ServeCommandOptions, io: CliIo): Promise<void> {
  const { source } = options;
  if (source.pglite !== undefined && !existsSync(source.pglite)) {
    throw usageError(`--pglite: there is no folder ${source.pglite}`);
  }
  if (source.events === '-') throw usageError('tally serve reads --events from a file, not stdin');
  const store =
    source.events !== undefined
      ? await checkedFileInMemory(source.events, source.events)
      : await openStore(source, 'import');
  try {
    const projection = await startLiveProjection({ store, clock: io.now });
    const dashboard = await startDashboard({
      store,
      projection,
      clock: io.now,
      port: options.port,
      host: options.host,
    });
    io.stderr.write(`tally serve: ${dashboard.url} (Ctrl-C stops)\n`);
    // Figures depend on the time as well as on the events: recompute them every minute.
    const tick = setInterval(() => projection.refresh(), 60_000);
    try {
      await Promise.race([
        options.until ?? Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]),
        projection.done,
      ]);
    } finally {
      clearInterval(tick);
      await dashboard.close();
      await projection.stop();
    }
  } catch (error) {
    throw storeError(error);
  } finally {
    await store.close();
  }
}
