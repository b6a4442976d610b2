// The frame every reading command shares: open the source with a progress bar, run, close, and
// turn store and billing errors into CLI errors.
import type { BillingError } from '@tally/domain';
import { type EventStore, isStreamNotFoundError } from '@tally/ledger';
import { badInput, failure } from '../errors.js';
import { type EventFile, openEventFile } from '../input/event-file.js';
import { createProgress, type Progress } from '../input/progress.js';
import { openSource, type SourceOptions, storeError } from '../input/source.js';
import type { CliIo } from '../io.js';

export interface CommonOptions {
  readonly source: SourceOptions;
  readonly quiet: boolean;
}

export async function withSource<T>(
  options: CommonOptions,
  io: CliIo,
  label: string,
  run: (store: EventStore) => Promise<T>,
): Promise<T> {
  const progress = createProgress(io, label, { quiet: options.quiet });
  const store = await openSource(options.source, io, progress);
  try {
    return await run(store);
  } catch (error) {
    throw storeError(error);
  } finally {
    progress.done();
    await store.close();
  }
}

/** For `--events FILE` alone: runs on the file itself (the fast readers that need no store);
 * undefined for any other source (then withSource answers, usage errors included). */
export async function withEventFile<T>(
  options: CommonOptions,
  io: CliIo,
  label: string,
  run: (file: EventFile, progress: Progress) => Promise<T>,
): Promise<T | undefined> {
  const { events, esdb } = options.source;
  if (events === undefined || esdb !== undefined) return undefined;
  const progress = createProgress(io, label, { quiet: options.quiet });
  const file = await openEventFile(events, io.stdin);
  try {
    return await run(file, progress);
  } finally {
    progress.done();
    await file.dispose();
  }
}

/** Billing errors: a log the billing rules cannot read is bad input (2); a question without an
 * answer (not a billing date, not billed, unknown org) is a failure (1). */
export function billingFailure(error: BillingError): Error {
  switch (error.code) {
    case 'InconsistentLog':
    case 'InvalidPrice':
    case 'InvalidRenewal':
      return badInput(`tally: ${error.message}`);
    default:
      return failure(`tally: ${error.message}`);
  }
}

/** A missing org stream (or no line of the org in a file) as an answer a person can act on. */
export function noSuchOrg(error: unknown, orgId: string, sourceName: string): unknown {
  return isStreamNotFoundError(error)
    ? failure(`tally: no events for org "${orgId}" in ${sourceName}`)
    : error;
}

export const sourceNameOf = (source: {
  readonly events?: string | undefined;
  readonly esdb?: string | undefined;
}) => (source.events === undefined ? (source.esdb ?? '') : source.events === '-' ? 'stdin' : source.events);
