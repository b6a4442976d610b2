// The frame every reading command shares: open the source with a progress bar, run, close, and
// turn store and billing errors into CLI errors. An org the source does not have is answered
// with the orgs a file has (the file is read once more for that, only then).
import { type BillingError, isBillingError } from '@tally/domain';
import { type EventStore, isStreamNotFoundError } from '@tally/ledger';
import { logFileEventStore, readLogLines } from '@tally/ledger/log-files';
import { badInput, CliError, failure } from '../errors.js';
import { type EventFile, openEventFile } from '../input/event-file.js';
import { createProgress, type Progress } from '../input/progress.js';
import { openSource, type SourceOptions, storeError, storeGiven } from '../input/source.js';
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
  const { events } = options.source;
  // A file is opened here rather than by openSource, to be at hand for an unknown org.
  const file =
    events !== undefined && !storeGiven(options.source) ? await openEventFile(events, io.stdin) : undefined;
  const store =
    file === undefined
      ? await openSource(options.source, progress)
      : logFileEventStore(file, { progress, onClose: () => file.dispose() });
  try {
    return await withOrgsOfFile(await run(store), file);
  } catch (error) {
    throw await withOrgsOfFile(storeError(error), file);
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
  const { events } = options.source;
  if (events === undefined || storeGiven(options.source)) return undefined;
  const progress = createProgress(io, label, { quiet: options.quiet });
  const file = await openEventFile(events, io.stdin);
  try {
    return await withOrgsOfFile(await run(file, progress), file);
  } catch (error) {
    throw await withOrgsOfFile(error, file);
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
    case 'InvalidArgument':
      return badInput(`tally: ${error.message}`);
    case 'UnknownOrganization':
      return new UnknownOrgError(`tally: ${error.message}`);
    default:
      return failure(`tally: ${error.message}`);
  }
}

/** A missing org stream (or no line of the org in a file) as an answer a person can act on. */
export function noSuchOrg(error: unknown, orgId: string, sourceName: string): unknown {
  return isStreamNotFoundError(error)
    ? new UnknownOrgError(`tally: no events for org "${orgId}" in ${sourceName}`)
    : error;
}

/** "No such org" (exit 1): the frame adds the orgs of the file to its message. */
class UnknownOrgError extends CliError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** Orgs named in a message about an unknown org, at most. */
const LISTED_ORGS = 20;

/** An unknown org, as an error or as a command's `Left` billing error, with the orgs of the
 * file added to its message; anything else as it is. */
async function withOrgsOfFile<T>(outcome: T, file: EventFile | undefined): Promise<T> {
  if (file === undefined) return outcome;
  if (outcome instanceof UnknownOrgError) {
    return new UnknownOrgError(`${outcome.message}${await orgsSentence(file)}`) as T;
  }
  const left = isLeft(outcome) ? outcome.left : undefined;
  if (isBillingError(left) && left.code === 'UnknownOrganization') {
    return { ...outcome, left: { ...left, message: `${left.message}${await orgsSentence(file)}` } };
  }
  return outcome;
}

const isLeft = (value: unknown): value is { readonly _tag: 'Left'; readonly left: unknown } =>
  typeof value === 'object' && value !== null && '_tag' in value && value._tag === 'Left';

/** `; FILE has 2 orgs: a, b` (the first LISTED_ORGS, in order of appearance). */
async function orgsSentence(file: EventFile): Promise<string> {
  const orgs = new Set<string>();
  for await (const { text } of readLogLines(file)) {
    const orgId = orgIdOfLine(text);
    if (orgId !== undefined) orgs.add(orgId);
  }
  if (orgs.size === 0) return `; ${file.name} has no events`;
  const listed = [...orgs].slice(0, LISTED_ORGS);
  const more = orgs.size > listed.length ? ` and ${orgs.size - listed.length} more` : '';
  return `; ${file.name} has ${orgs.size === 1 ? 'one org' : `${orgs.size} orgs`}: ${listed.join(', ')}${more}`;
}

function orgIdOfLine(text: string): string | undefined {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null || !('orgId' in json)) return undefined;
    return typeof json.orgId === 'string' ? json.orgId : undefined;
  } catch {
    return undefined;
  }
}

export const sourceNameOf = (source: SourceOptions) =>
  source.events === undefined
    ? ((source.esdb === undefined ? undefined : withoutPassword(source.esdb, 'the EventStoreDB server')) ??
      (source.postgres === undefined
        ? undefined
        : withoutPassword(source.postgres, 'the PostgreSQL server')) ??
      source.pglite ??
      '')
    : source.events === '-'
      ? 'stdin'
      : source.events;

/** A connection string as it may be printed: its password left out; `other` when it cannot be
 * read as `scheme://[user[:password]@]hosts...` (a key=value string may hold a password anywhere). */
function withoutPassword(connection: string, other: string): string {
  try {
    const parsed = new URL(connection);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // Several hosts (esdb+discover://user:pw@a:2113,b:2113) make no URL: masked by hand.
    const authority = /^([a-z][a-z0-9+.-]*:\/\/)(?:([^:@/]*)(:[^@/]*)?@)?([^@]*)$/i.exec(connection);
    if (authority === null) return other;
    const [, scheme, user, password, rest] = authority;
    const credentials = user === undefined ? '' : `${user}${password === undefined ? '' : ':***'}@`;
    return `${scheme}${credentials}${rest}`;
  }
}
