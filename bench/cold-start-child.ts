// Case 13's new process (bench/cold-start-case.ts starts it): opens the PostgreSQL store the
// bench filled, builds a command handler, with snapshots or without, handles one command and
// prints its times as one JSON line. Nothing else runs in this process, as in a service that
// has just started. Arguments: a JSON object of ColdStartJob.
import type { Command, Instant } from '@tally/domain';
import { epochMsToInstant, instantToEpochMs } from '@tally/domain';
import {
  type CommandHandler,
  cachingOrgDecider,
  createCachingCommandHandler,
  orgStateSnapshots,
} from '@tally/ledger';
import { openPostgresEventStore } from '@tally/postgres';

export interface ColdStartJob {
  readonly url: string;
  readonly command: Command;
  /** Read the org's latest snapshot (a handler with snapshotEvery) or fold the whole stream. */
  readonly snapshots: boolean;
}

export interface ColdStartTimes {
  /** From before the store's open to the command's result: the target's measure. */
  readonly openToResultMs: number;
  /** The store's open alone (a pool and its schema check). */
  readonly openMs: number;
  /** From the handler's creation to the command's result. */
  readonly handlerToResultMs: number;
  /** From this process's start (its time origin) to before the store's open: Node, tsx and the
   * modules loaded. */
  readonly startMs: number;
  /** The revision of the snapshot the handler started from; null when it read none. */
  readonly snapshotRevision: string | null;
  readonly nextExpectedRevision: string;
}

async function run(job: ColdStartJob): Promise<ColdStartTimes> {
  const opening = performance.now();
  const store = await openPostgresEventStore(job.url);
  try {
    const created = performance.now();
    let snapshotRevision: string | null = null;
    const options = {
      store,
      clock: (): Instant => epochMsToInstant(instantToEpochMs(job.command.at) + 1000),
    };
    let handler: CommandHandler<Command>;
    if (job.snapshots) {
      // Never due again in this process: only the load is measured.
      const snapshots = orgStateSnapshots(store, { every: Number.MAX_SAFE_INTEGER });
      handler = createCachingCommandHandler(cachingOrgDecider, {
        ...options,
        snapshots: {
          ...snapshots,
          load: async (orgId) => {
            const loaded = await snapshots.load(orgId);
            snapshotRevision = loaded === undefined ? null : String(loaded.revision);
            return loaded;
          },
        },
      });
    } else handler = createCachingCommandHandler(cachingOrgDecider, options);
    const { nextExpectedRevision } = await handler.handle(job.command);
    const done = performance.now();
    return {
      openToResultMs: done - opening,
      openMs: created - opening,
      handlerToResultMs: done - created,
      startMs: opening,
      snapshotRevision,
      nextExpectedRevision: String(nextExpectedRevision),
    };
  } finally {
    await store.close();
  }
}

const job = JSON.parse(process.argv[2] ?? '') as ColdStartJob;
process.stdout.write(`${JSON.stringify(await run(job))}\n`);
