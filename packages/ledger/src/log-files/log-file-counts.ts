// The counts of one organization in a log file, in one checked read: the log checker builds each
// org's entity timeline as it checks the lines (checkLogFile), and the counts are read off the
// asked org's timeline (the domain's countsQuery), so the timeline is built once, where
// countsAtFromStore over logFileEventStore built a second one beside the checker's.
import { type Counts, countsQuery, type Instant, type SnapshotOptions } from '@tally/domain';
import { orgStreamName, StreamNotFoundError } from '../port.js';
import { checkLogFile, type LogFile, type LogFileReadOptions, logFileChecker } from './log-file.js';

export interface LogFileCountsOptions extends SnapshotOptions, LogFileReadOptions {}

/** The counts of docs/counting.md at each instant (result i is for instants[i]) of `orgId`'s
 * events in `file`, as known at `options.asKnownAt` (absent: every recorded event): what
 * countsAtFromStore gives on the file as a store. Every line of every org is checked; throws
 * LogLineRefusedError at a bad line, StreamNotFoundError when the org has no line. */
export async function countsAtFromLogFile(
  file: LogFile,
  orgId: string,
  instants: readonly Instant[],
  options: LogFileCountsOptions = {},
): Promise<Counts[]> {
  const query = countsQuery(instants, options);
  const checker = logFileChecker(file);
  await checkLogFile(file, {
    checker,
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  const state = checker.stateOf(orgId);
  if (state === undefined) throw new StreamNotFoundError(orgStreamName(orgId));
  return query.countsOf(state.entities);
}
