// A JSONL file seen through the ledger's EventStore port, read-only: `readStream('tally-org-X')`
// streams the file line by line, decodes and checks EVERY line (all organizations: a bad line
// anywhere refuses the file), and yields org X's events in file order with revisions counted
// from 0. The ledger's streaming queries then work on a file exactly as on EventStoreDB, and
// reading the stream twice reads the file twice.
import type { EventStore, RecordedEvent } from '@tally/ledger';
import { orgStreamName, StreamNotFoundError } from '@tally/ledger';
import { badInput } from '../errors.js';
import type { EventFile } from './event-file.js';
import { readLines } from './lines.js';
import { createLogChecker } from './log-checker.js';
import { type Progress, silentProgress } from './progress.js';

export interface FileEventStoreOptions {
  /** Told about every line read. */
  readonly progress?: Progress;
}

export function fileEventStore(file: EventFile, options: FileEventStoreOptions = {}): EventStore {
  const progress = options.progress ?? silentProgress;
  async function* readStream(streamName: string, readOptions = {}): AsyncGenerator<RecordedEvent> {
    if (Object.keys(readOptions).length > 0) {
      throw new Error(`fileEventStore reads whole streams forwards only; got ${JSON.stringify(readOptions)}`);
    }
    const checker = createLogChecker(file.name);
    let revision = 0n;
    for await (const { text, number } of readLines(file.path)) {
      progress.tick();
      const accepted = checker.accept(text, number);
      if (accepted._tag === 'Left') throw badInput(accepted.left);
      const event = accepted.right;
      if (orgStreamName(event.orgId) !== streamName) continue;
      yield { streamName, revision, event };
      revision += 1n;
    }
    if (revision === 0n) throw new StreamNotFoundError(streamName);
  }
  return {
    readStream,
    appendToStream: () => Promise.reject(new Error(`${file.name} is read-only: import it into a store`)),
    close: () => file.dispose(),
  };
}

/** Reads the whole file once, checking every line; throws the first bad line. */
export async function checkWholeFile(file: EventFile, progress: Progress = silentProgress): Promise<number> {
  const checker = createLogChecker(file.name);
  let lines = 0;
  for await (const { text, number } of readLines(file.path)) {
    progress.tick();
    const accepted = checker.accept(text, number);
    if (accepted._tag === 'Left') throw badInput(accepted.left);
    lines = number;
  }
  return lines;
}
