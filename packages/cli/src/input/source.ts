// Where a command's events come from: `--events FILE` (JSONL, `-` for stdin) or `--esdb
// CONNECTION_STRING` (the org stream `tally-org-<org>` in EventStoreDB). Both are EventStores,
// and both hold every event to the same consistency checks while it streams.
import type { EventStoreDBError, InvalidStoredEventError } from '@tally/eventstoredb';
import type { EventStore, RecordedEvent } from '@tally/ledger';
import { badInput, failure, inputLine, usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { openEventFile } from './event-file.js';
import { fileEventStore } from './file-store.js';
import { createLogChecker } from './log-checker.js';
import type { Progress } from './progress.js';

export interface SourceOptions {
  readonly events?: string | undefined;
  readonly esdb?: string | undefined;
}

export async function openSource(
  options: SourceOptions,
  io: Pick<CliIo, 'stdin'>,
  progress: Progress,
): Promise<EventStore> {
  if ((options.events === undefined) === (options.esdb === undefined)) {
    throw usageError('give exactly one source: --events FILE (or - for stdin) or --esdb CONNECTION_STRING');
  }
  if (options.events !== undefined) {
    return fileEventStore(await openEventFile(options.events, io.stdin), { progress });
  }
  return checkedStore(await openEventStoreDB(options.esdb as string), progress);
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
    const checker = createLogChecker(streamName);
    try {
      for await (const record of store.readStream(streamName)) {
        progress.tick();
        const admitted = checker.admit(record.event, Number(record.revision));
        if (admitted._tag === 'Left') throw badInput(admitted.left);
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
  return error;
}

const hasCode = <E extends Error>(error: unknown, code: string): error is E =>
  error instanceof Error && 'code' in error && error.code === code;
