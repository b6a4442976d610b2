// `tally serve`: the live dashboard (@tally/dashboard) over a store or an event file.
// A store is opened for writing (the projection keeps its state there, beside the org streams);
// a file is read into an in-memory store first. Runs until SIGINT or SIGTERM.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { startDashboard } from '@tally/dashboard';
import { createLogDecoder, type TallyEvent } from '@tally/domain';
import { type EventStore, getInMemoryEventStore, orgStreamName, startLiveProjection } from '@tally/ledger';
import { badInput, inputLine, usageError } from '../errors.js';
import { readLines } from '../input/lines.js';
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
  const store =
    source.events !== undefined ? await fileIntoMemory(source.events) : await openStore(source, 'import');
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

/** The file's events in an in-memory store, each org's in file order. */
async function fileIntoMemory(path: string): Promise<EventStore> {
  if (path === '-') throw usageError('tally serve reads --events from a file, not stdin');
  const decoder = createLogDecoder();
  const byOrg = new Map<string, TallyEvent[]>();
  for await (const { text, number } of readLines(path)) {
    const decoded = decoder.decodeLine(text, number);
    if (decoded._tag === 'Left') throw badInput(inputLine(path, number, undefined, decoded.left.message));
    const events = byOrg.get(decoded.right.orgId) ?? [];
    events.push(decoded.right);
    byOrg.set(decoded.right.orgId, events);
  }
  const store = getInMemoryEventStore();
  for (const [orgId, events] of byOrg) {
    for (let i = 0; i < events.length; i += 1_000) {
      await store.appendToStream(orgStreamName(orgId), events.slice(i, i + 1_000));
    }
  }
  return store;
}
