// The command handler: command -> catch up the organization's cached state -> decide (pure) ->
// stamp eventId and recordedAt -> append with the expected revision; on a conflict, catch up on
// the new events only and decide again, a bounded number of times.
//
// Each organization's state is cached with the revision it reflects and advanced with the
// decider's mutating apply, one new event at a time: a command costs at most a read of the events
// since the last one (none when the cache is current), never a replay or a copy of the whole
// organization.
import { randomUUID } from 'node:crypto';
import type { Command as DomainCommand, Instant, PendingEvent, TallyEvent } from '@tally/domain';
import { epochMsToInstant, instantToEpochMs } from '@tally/domain';
import type { Either } from 'fp-ts/lib/Either.js';
import { CommandRejectedError, ConcurrencyError, type RejectionReason } from './command-errors.js';
import type { StateSnapshots } from './decider-snapshots.js';
import { issuedAheadOfRecording } from './issuing-instant.js';
import { createKeyedQueue } from './keyed-queue.js';
import type { EventStore } from './port.js';
import { isStreamNotFoundError, isWrongExpectedRevisionError, orgStreamName } from './port.js';

/** The least a command must carry for the handler: its type and its organization. */
export interface OrgCommand {
  readonly type: string;
  readonly orgId: string;
}

/** A decider whose state the handler may own and advance in place. */
export interface CachingDecider<Command extends OrgCommand, State, Rejection extends RejectionReason> {
  initialState(): State;
  /** Pure: the events that record the command, or why it is refused. Must not touch `state`. */
  decide(command: Command, state: State): Either<Rejection, readonly PendingEvent[]>;
  /** Advances `state` by one event, in place. */
  apply(state: State, event: TallyEvent): void;
}

export interface CommandHandlerOptions {
  readonly store: EventStore;
  /** Stamps `recordedAt`; must return a canonical instant. Defaults to the system clock. */
  readonly clock?: () => Instant;
  /** Stamps `eventId`; defaults to `crypto.randomUUID()`. */
  readonly newEventId?: () => string;
  /** Decisions retried after a conflicting append, beyond the first; defaults to 5. */
  readonly maxRetries?: number;
}

export interface HandledCommand {
  /** The events appended, as stored (with `eventId` and `recordedAt`); empty when the decider emitted none. */
  readonly events: readonly TallyEvent[];
  /** The stream's last revision after the append: the expected revision of the next one. */
  readonly nextExpectedRevision: bigint | 'no_stream';
}

export interface CommandHandler<Command extends OrgCommand = DomainCommand> {
  /**
   * Handles one command. Throws `CommandRejectedError` when the decider refuses it and
   * `ConcurrencyError` when every attempt met a concurrent append; either way nothing is appended.
   */
  handle(command: Command): Promise<HandledCommand>;
}

export const DEFAULT_MAX_RETRIES = 5;

const systemClock = (): Instant => epochMsToInstant(Date.now());
const randomEventId = (): string => randomUUID();

interface CachedOrg<State> {
  readonly state: State;
  revision: bigint | 'no_stream';
}

function checkedInstant(instant: Instant): Instant {
  const epochMs = instantToEpochMs(instant);
  if (Number.isNaN(epochMs) || epochMsToInstant(epochMs) !== instant) {
    throw new RangeError(
      `the command handler's clock returned ${JSON.stringify(instant)}, which is not a canonical UTC instant such as 2026-03-07T07:00:00Z`,
    );
  }
  return instant;
}

function stamp(pending: PendingEvent, eventId: string, recordedAt: Instant): TallyEvent {
  // Wire order of the envelope's fields, so that exports of the same events give the same bytes.
  const { type, schemaVersion, orgId, occurredAt, data } = pending;
  const version = schemaVersion === undefined ? {} : { schemaVersion };
  return { type, ...version, eventId, orgId, occurredAt, recordedAt, data } as TallyEvent;
}

const revisionAfter = (revision: bigint | 'no_stream', count: number): bigint | 'no_stream' =>
  count === 0 ? revision : (revision === 'no_stream' ? -1n : revision) + BigInt(count);

/** A command handler over any decider that lets the handler own its state. */
export function createCachingCommandHandler<
  Command extends OrgCommand,
  State,
  Rejection extends RejectionReason,
>(
  decider: CachingDecider<Command, State, Rejection>,
  options: CommandHandlerOptions & {
    /** Where an org's state is loaded from before its stream is read, and stored to every so
     * many events (decider-snapshots.ts); none by default. */
    readonly snapshots?: StateSnapshots<State>;
  },
): CommandHandler<Command> {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const newEventId = options.newEventId ?? randomEventId;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isSafeInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(`maxRetries must be a non-negative integer, got ${maxRetries}`);
  }
  const cache = new Map<string, CachedOrg<State>>();
  const queue = createKeyedQueue();
  const { snapshots } = options;

  /** Folds the events appended since the cached revision; the whole stream the first time. */
  async function catchUp(orgId: string): Promise<CachedOrg<State>> {
    let org = cache.get(orgId);
    if (org === undefined) {
      // A new process starts from the org's latest snapshot when there is one.
      const snapshot = await snapshots?.load(orgId);
      org = snapshot ?? { state: decider.initialState(), revision: 'no_stream' };
      cache.set(orgId, org);
    }
    const fromRevision = org.revision === 'no_stream' ? 'start' : org.revision + 1n;
    try {
      for await (const record of store.readStream(orgStreamName(orgId), { fromRevision })) {
        decider.apply(org.state, record.event);
        org.revision = record.revision;
      }
    } catch (error) {
      if (isStreamNotFoundError(error) && org.revision === 'no_stream') return org;
      // A half-folded state cannot be trusted: the next command rebuilds it from the start.
      cache.delete(orgId);
      throw error;
    }
    if (org.revision !== 'no_stream') snapshots?.advanced(orgId, org.state, org.revision);
    return org;
  }

  async function attempt(command: Command, org: CachedOrg<State>): Promise<HandledCommand> {
    const decision = decider.decide(command, org.state);
    if (decision._tag === 'Left') {
      throw new CommandRejectedError(command.type, command.orgId, decision.left);
    }
    if (decision.right.length === 0) return { events: [], nextExpectedRevision: org.revision };
    return await append(command, org, decision.right);
  }

  /** Stamps and appends what was decided on `org`'s state, then advances that state. */
  async function append(
    command: Command,
    org: CachedOrg<State>,
    pending: readonly PendingEvent[],
  ): Promise<HandledCommand> {
    const recordedAt = checkedInstant(clock());
    const ahead = issuedAheadOfRecording(pending, recordedAt);
    if (ahead !== undefined) throw new CommandRejectedError(command.type, command.orgId, ahead);
    const events = pending.map((one) => stamp(one, newEventId(), recordedAt));
    const { nextExpectedRevision } = await store.appendToStream(orgStreamName(command.orgId), events, {
      expectedRevision: org.revision,
    });
    if (nextExpectedRevision === revisionAfter(org.revision, events.length)) {
      try {
        for (const event of events) decider.apply(org.state, event);
      } catch (error) {
        cache.delete(command.orgId);
        throw error;
      }
      org.revision = nextExpectedRevision;
      snapshots?.advanced(command.orgId, org.state, nextExpectedRevision);
    } else {
      // The store answered with a revision these events cannot have produced (an idempotent
      // replay of ids it already held): forget the state rather than guess.
      cache.delete(command.orgId);
    }
    return { events, nextExpectedRevision };
  }

  /**
   * The first attempt on a cached organization skips the read of its tail: the append's expected
   * revision proves the cache current, so one round trip to the store is saved on every command
   * of a process that is the org's only writer. A refusal or an empty decision proves nothing
   * about a state that may be stale, so it is decided again after catching up. A store that
   * knows its revisions in the process (`currentRevision`) says when the cache is stale: then it
   * is caught up first, and the decision is made once, not twice.
   */
  async function attemptOnCache(command: Command): Promise<HandledCommand | undefined> {
    const org = cache.get(command.orgId);
    if (org === undefined || org.revision === 'no_stream') return undefined;
    const current = store.currentRevision?.(orgStreamName(command.orgId));
    if (current !== undefined && current !== org.revision) return undefined;
    const decision = decider.decide(command, org.state);
    if (decision._tag === 'Left' || decision.right.length === 0) return undefined;
    try {
      return await append(command, org, decision.right);
    } catch (error) {
      if (isWrongExpectedRevisionError(error)) return undefined;
      throw error;
    }
  }

  async function handleNow(command: Command): Promise<HandledCommand> {
    const onCache = await attemptOnCache(command);
    if (onCache !== undefined) return onCache;
    let lastConflict: unknown;
    for (let attemptNumber = 0; attemptNumber <= maxRetries; attemptNumber += 1) {
      const org = await catchUp(command.orgId);
      try {
        return await attempt(command, org);
      } catch (error) {
        if (!isWrongExpectedRevisionError(error)) throw error;
        lastConflict = error;
      }
    }
    throw new ConcurrencyError(command.type, command.orgId, orgStreamName(command.orgId), maxRetries + 1, {
      cause: lastConflict,
    });
  }

  return {
    handle: (command) => queue.run(command.orgId, () => handleNow(command)),
  };
}
