// Where a command's events come from: `--events FILE` (JSONL, `-` for stdin), `--esdb
// CONNECTION_STRING` (the org stream `tally-org-<org>` in EventStoreDB), `--postgres URL` (the same
// stream in PostgreSQL) or `--pglite DIR` (in a PGlite data folder). All are EventStores, and all
// hold every event to the same consistency checks while it streams.
import { existsSync } from 'node:fs';
import { createLogChecker } from '@tally/domain';
import type { EventStoreDBError, InvalidStoredEventError } from '@tally/eventstoredb';
import type { EventStore, RecordedEvent } from '@tally/ledger';
import { badInput, failure, inputLine, usageError } from '../errors.js';
import type { Progress } from './progress.js';

export interface SourceOptions {
  readonly events?: string | undefined;
  readonly esdb?: string | undefined;
  readonly postgres?: string | undefined;
  readonly pglite?: string | undefined;
}

/** The stores a command may read instead of a file, as the options that name them. */
export type StoreOptions = Pick<SourceOptions, 'esdb' | 'postgres' | 'pglite'>;

/** Whether a store (not a file) is named. */
export const storeGiven = (options: StoreOptions): boolean =>
  options.esdb !== undefined || options.postgres !== undefined || options.pglite !== undefined;

/** The one store named, opened: for reading (`migrate: false`, nothing is created) or for
 * `import` (PostgreSQL's tables created or upgraded first). */
export async function openStore(options: StoreOptions, purpose: 'read' | 'import'): Promise<EventStore> {
  if (options.postgres !== undefined) return openPostgres(options.postgres, purpose);
  if (options.pglite !== undefined) return openPGlite(options.pglite, purpose);
  return openEventStoreDB(options.esdb as string);
}

/** Loaded on demand, like the EventStoreDB client. */
async function openPostgres(url: string, purpose: 'read' | 'import'): Promise<EventStore> {
  const { openPostgresEventStore } = await import('@tally/postgres');
  try {
    return await openPostgresEventStore(url, { migrate: purpose === 'import' });
  } catch (error) {
    throw storeError(error);
  }
}

async function openPGlite(dir: string, purpose: 'read' | 'import'): Promise<EventStore> {
  // PGlite makes a folder it does not find: a read of a mistyped one must not.
  if (purpose === 'read' && !existsSync(dir)) throw usageError(`--pglite: there is no folder ${dir}`);
  const { openPGliteEventStore } = await import('@tally/postgres');
  try {
    return await openPGliteEventStore(dir, { migrate: purpose === 'import' });
  } catch (error) {
    throw storeError(error);
  }
}

/** The store a reading command names (the CLI's argument parsing took exactly one source; a
 * file is read by the file's own readers), its events checked as they stream. */
export async function openSource(options: StoreOptions, progress: Progress): Promise<EventStore> {
  return checkedStore(await openStore(options, 'read'), progress);
}

/** Loaded on demand: the gRPC client costs startup time that file commands need not pay. */
export async function openEventStoreDB(connectionString: string): Promise<EventStore> {
  const { getEventStoreDBEventStore } = await import('@tally/eventstoredb');
  try {
    return getEventStoreDBEventStore(connectionString);
  } catch (error) {
    throw usageError(`--esdb: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A store whose reads are checked like a file's lines; positions are revisions (0-based). */
function checkedStore(store: EventStore, progress: Progress): EventStore {
  async function* readStream(streamName: string): AsyncGenerator<RecordedEvent> {
    const checker = createLogChecker({ source: streamName });
    try {
      for await (const record of store.readStream(streamName)) {
        progress.tick();
        const admitted = checker.admit(record.event, Number(record.revision));
        if (admitted._tag === 'Left') {
          const { line, eventId, message } = admitted.left;
          throw badInput(inputLine(streamName, line, eventId, message));
        }
        yield record;
      }
    } catch (error) {
      throw storeError(error);
    }
  }
  return { ...store, readStream, appendToStream: store.appendToStream, close: () => store.close() };
}

/** The adapter's errors as CLI errors: a stored event that does not decode is bad input. */
export function storeError(error: unknown): unknown {
  // Matched on `code` (the adapter's typed errors carry one), so the adapter loads only on demand.
  if (hasCode<InvalidStoredEventError>(error, 'InvalidStoredEvent')) {
    return badInput(inputLine(error.streamName, Number(error.revision), undefined, error.problem));
  }
  if (hasCode<EventStoreDBError>(error, 'EventStoreDB')) return failure(error.message);
  // @tally/postgres: each of its errors says what to do; all are failures (1), not bad input.
  if (error instanceof Error && 'code' in error && POSTGRES_FAILURES.has(String(error.code))) {
    const hint = error.code === 'PostgresSchemaMissing' ? ' (tally import --postgres URL creates them)' : '';
    return failure(`tally: ${error.message}${hint}`);
  }
  return error;
}

const POSTGRES_FAILURES = new Set([
  'PostgresUnavailable',
  'PostgresAuthentication',
  'PostgresSchemaMissing',
  'PostgresSchemaTooNew',
  'PostgresConnectionLost',
  'PostgresStore',
  'EventIdConflict',
]);

const hasCode = <E extends Error>(error: unknown, code: string): error is E =>
  error instanceof Error && 'code' in error && error.code === code;
