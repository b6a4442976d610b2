// The EventStore port over EventStoreDB (or KurrentDB) through @eventstore/db-client. This
// package is the only place that knows the client, so a move to its successor stays here.
import { type AppendExpectedRevision, ErrorType, type EventStoreDBClient } from '@eventstore/db-client';
import { createLogDecoder, type LogDecoder, type TallyEvent } from '@tally/domain';
import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type ReadOptions,
  type RecordedEvent,
  StreamNotFoundError,
  type SubscribeOptions,
  WrongExpectedRevisionError,
} from '@tally/ledger';
import { checkReplayedContent, eventContent, withPagedRead } from '@tally/ledger/store-kit';
import { createAppendRule } from './appendRule.js';
import { clientOf } from './connection-string.js';
import { createDocuments } from './documents.js';
import {
  checkFlowControlWindow,
  DEFAULT_FLOW_CONTROL_WINDOW_BYTES,
  widenFlowControlWindow,
} from './flowControlWindow.js';
import { fromWireEvent, type ProposedTallyEvent, toEventData, toProposedEvent } from './storedEvent.js';
import { type AppendOutcome, batchAppenderOf } from './streamAppends.js';
import { type PageEvent, type PageRequest, pageReaderOf } from './streamReads.js';
import { subscribeEventStoreDB } from './subscribe.js';

export interface EventStoreDBEventStoreOptions {
  /** Events fetched per read call; a read of a long stream never holds more. Defaults to 500. */
  readonly pageSize?: number;
  /** The largest part of a bookkeeping document, in bytes: one append each, under the node's
   * maximum append size. Defaults to 512 KiB. */
  readonly documentPartBytes?: number;
  /** The HTTP/2 flow-control window the client's connections open with, in bytes: how much a
   * node may send on a subscription or a read before the client acknowledges it. Defaults to
   * 4 MiB (grpc-js alone opens 64 KiB, which holds a busy client's subscription back). */
  readonly flowControlWindowBytes?: number;
}

export const DEFAULT_PAGE_SIZE = 500;

/** A page of a read: its records, its last revision, how many events it held, and the error of
 * the first event that did not convert (the records are those before it). */
interface RecordPage {
  readonly records: RecordedEvent[];
  readonly last: bigint | undefined;
  readonly received: number;
  readonly failure: { readonly error: unknown } | undefined;
}

/** A failure of the server or the connection, named by operation and stream. */
export class EventStoreDBError extends Error {
  readonly code = 'EventStoreDB' as const;
  constructor(
    readonly operation: 'appendToStream' | 'readStream' | 'subscribe' | 'appendDocument' | 'readLastDocument',
    readonly streamName: string,
    options: { readonly cause: unknown } | { readonly reason: string },
  ) {
    const reason =
      'reason' in options
        ? options.reason
        : options.cause instanceof Error
          ? options.cause.message
          : String(options.cause);
    super(
      `${operation}(${streamName}) failed: ${reason}`,
      'cause' in options ? { cause: options.cause } : {},
    );
    this.name = 'EventStoreDBError';
  }
}

export const isEventStoreDBError = (error: unknown): error is EventStoreDBError =>
  error instanceof EventStoreDBError;

/** The client's errors carry a `type` string; matching on it survives two copies of the client. */
const errorTypeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;

const actualRevisionOf = (error: unknown): bigint | 'no_stream' => {
  const actual =
    typeof error === 'object' && error !== null && 'actualVersion' in error ? error.actualVersion : undefined;
  return typeof actual === 'bigint' ? actual : 'no_stream';
};

const positiveInteger = (value: number, what: string): number => {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive integer, got ${value}`);
  }
  return value;
};

const validateAppend = (streamName: string, events: readonly TallyEvent[], expected: ExpectedRevision) => {
  if (events.length === 0) {
    throw new RangeError(`append to ${streamName} has no events: there is nothing to append`);
  }
  if (typeof expected === 'bigint' && expected < 0n) {
    throw new RangeError(
      `append to ${streamName}: expected revision ${expected} is negative; use 'no_stream' for a new stream`,
    );
  }
};

const validateRead = (streamName: string, { maxCount, fromRevision }: ReadOptions) => {
  if (maxCount !== undefined && (!Number.isSafeInteger(maxCount) || maxCount < 0)) {
    throw new RangeError(`read of ${streamName}: maxCount must be a non-negative integer, got ${maxCount}`);
  }
  if (typeof fromRevision === 'bigint' && fromRevision < 0n) {
    throw new RangeError(`read of ${streamName}: fromRevision must be >= 0n, got ${fromRevision}`);
  }
};

/**
 * An EventStore over EventStoreDB. Give it a client, or a connection string such as
 * `esdb://localhost:2113?tls=false`; `close()` disposes the client either way.
 */
export const getEventStoreDBEventStore = (
  clientOrConnectionString: EventStoreDBClient | string,
  options: EventStoreDBEventStoreOptions = {},
): EventStore => {
  const pageSize = positiveInteger(options.pageSize ?? DEFAULT_PAGE_SIZE, 'pageSize');
  const window = checkFlowControlWindow(options.flowControlWindowBytes ?? DEFAULT_FLOW_CONTROL_WINDOW_BYTES);
  const client =
    typeof clientOrConnectionString === 'string'
      ? clientOf(clientOrConnectionString)
      : clientOrConnectionString;
  widenFlowControlWindow(client, window);
  let closed = false;

  const assertOpen = (operation: 'appendToStream' | 'readStream', streamName: string) => {
    if (closed) throw new EventStoreDBError(operation, streamName, { reason: 'the store is closed' });
  };

  const appendToStream = async (
    streamName: string,
    events: readonly TallyEvent[],
    appendOptions: AppendOptions = {},
  ): Promise<AppendResult> => {
    assertOpen('appendToStream', streamName);
    const expected = appendOptions.expectedRevision ?? 'any';
    validateAppend(streamName, events, expected);
    // Serialized here, before any await: a caller mutating its events later changes nothing.
    const proposed = events.map(toProposedEvent);
    const eventIds = events.map((event) => event.eventId);
    // The ledger's rule, decided here: a server would write an id the stream holds at its current
    // revision, and answer a replay of other content "success" (appendRule.ts). A write the rule
    // sent expecting the revision it knew, in place of the caller's `any` or `stream_exists`, and
    // that the server refused, is decided again after reading what another writer added.
    for (let refresh = false; ; refresh = true) {
      const { decision, stored, wire } = await appendRule.decide(streamName, eventIds, expected, refresh);
      if (decision.kind === 'replay') {
        const first = decision.lastRevision - BigInt(events.length - 1);
        checkReplayedContent(
          streamName,
          first,
          eventIds,
          // The wire bytes of what was taken before the first await (eventContent of the event).
          (offset) => (proposed[offset] as ProposedTallyEvent).text,
          (offset) => eventContent((stored.get(first + BigInt(offset)) as RecordedEvent).event),
        );
        return { nextExpectedRevision: decision.lastRevision };
      }
      const retried = wire !== expected;
      let outcome: AppendOutcome;
      try {
        outcome =
          (await appendBatch(streamName, proposed, wire)) ??
          (await appendWithClient(streamName, proposed, wire));
      } catch (error) {
        appendRule.forget(streamName);
        if (errorTypeOf(error) === ErrorType.WRONG_EXPECTED_VERSION) {
          if (retried) continue;
          throw new WrongExpectedRevisionError(streamName, expected, actualRevisionOf(error));
        }
        throw new EventStoreDBError('appendToStream', streamName, { cause: error });
      }
      if (outcome.kind === 'written') {
        appendRule.written(streamName, eventIds, outcome.nextExpectedRevision);
        return { nextExpectedRevision: outcome.nextExpectedRevision };
      }
      appendRule.forget(streamName);
      if (retried) continue;
      throw new WrongExpectedRevisionError(streamName, expected, outcome.actual);
    }
  };

  const appendBatch = batchAppenderOf(client);

  /** The client's own append, for a node without BatchAppend (its unary Append). */
  const appendWithClient = async (
    streamName: string,
    proposed: readonly ProposedTallyEvent[],
    wire: AppendExpectedRevision,
  ): Promise<AppendOutcome> => {
    const result = await client.appendToStream(streamName, proposed.map(toEventData), {
      expectedRevision: wire,
    });
    if (result.success) return { kind: 'written', nextExpectedRevision: result.nextExpectedRevision };
    // `throwOnAppendFailure=false` in the connection string: the client reports the failure
    // instead of throwing, so ask what the stream holds.
    return { kind: 'wrongExpectedRevision', actual: await lastRevisionOf(streamName) };
  };

  const receivePage = pageReaderOf(client);

  /** One page whole, handing each event to `take` as it arrives; a failure of the server or the
   * connection is an EventStoreDBError naming the stream. */
  const readPageWith = async (
    streamName: string,
    request: PageRequest,
    take: (event: PageEvent) => void,
  ): Promise<void> => {
    try {
      await receivePage(streamName, request, take);
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw error;
      if (errorTypeOf(error) === ErrorType.STREAM_NOT_FOUND) throw new StreamNotFoundError(streamName);
      throw new EventStoreDBError('readStream', streamName, { cause: error });
    }
  };

  /** One page, fully received before it is handed on, so no call stays open while the caller works. */
  const readPage = async (streamName: string, request: PageRequest): Promise<PageEvent[]> => {
    const page: PageEvent[] = [];
    await readPageWith(streamName, request, (event) => page.push(event));
    return page;
  };

  /** One page as records, each decoded as it arrives (the event's data, a view of the message,
   * is not kept). The records before an event that does not decode come with that event's
   * error; the page is still received whole. `decoder` is the read's: an org's currency is
   * learned from its registration. */
  const readRecordPage = async (
    streamName: string,
    request: PageRequest,
    decoder: LogDecoder,
  ): Promise<RecordPage> => {
    const records: RecordedEvent[] = [];
    let last: bigint | undefined;
    let received = 0;
    let failure: { readonly error: unknown } | undefined;
    await readPageWith(streamName, request, (read) => {
      received++;
      last = read.event?.revision;
      if (failure !== undefined) return;
      try {
        records.push(fromWireEvent(streamName, read, decoder));
      } catch (error) {
        failure = { error };
      }
    });
    return { records, last, received, failure };
  };

  // What the adapter knows of the streams it appends to, to decide the ledger's rule itself.
  const appendRule = createAppendRule(async (streamName, from, count) => {
    try {
      const page = await readPage(streamName, { direction: 'forwards', fromRevision: from, maxCount: count });
      const decoder = createLogDecoder();
      return page.map((read) => fromWireEvent(streamName, read, decoder));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }, pageSize);

  const lastRevisionOf = async (streamName: string): Promise<bigint | 'no_stream'> => {
    try {
      const [last] = await readPage(streamName, { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
      return last?.event?.revision ?? 'no_stream';
    } catch (error) {
      if (error instanceof StreamNotFoundError) return 'no_stream';
      throw error;
    }
  };

  /** The pages of a read as records: the one paging loop both reads share. */
  async function* recordPages(streamName: string, readOptions: ReadOptions): AsyncGenerator<RecordPage> {
    assertOpen('readStream', streamName);
    validateRead(streamName, readOptions);
    const direction = readOptions.direction ?? 'forwards';
    let from: bigint | 'start' | 'end' =
      readOptions.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    let remaining = readOptions.maxCount ?? Number.POSITIVE_INFINITY;
    if (remaining === 0) {
      // Nothing to yield, but a missing stream must still be reported.
      await readPage(streamName, { direction, fromRevision: from, maxCount: 1 });
      return;
    }
    const decoder = createLogDecoder();
    for (;;) {
      assertOpen('readStream', streamName);
      const count = Math.min(pageSize, remaining);
      const page = await readRecordPage(
        streamName,
        { direction, fromRevision: from, maxCount: count },
        decoder,
      );
      if (page.received > 0) yield page;
      remaining -= page.received;
      const { last } = page;
      if (page.failure !== undefined || last === undefined || page.received < count || remaining <= 0) return;
      if (direction === 'forwards') from = last + 1n;
      else if (last === 0n) return;
      else from = last - 1n;
    }
  }

  async function* readStream(
    streamName: string,
    readOptions: ReadOptions = {},
  ): AsyncGenerator<RecordedEvent> {
    // The records before an event that does not decode are yielded, then its error is thrown.
    for await (const { records, failure } of recordPages(streamName, readOptions)) {
      appendRule.observed(streamName, records);
      yield* records;
      if (failure !== undefined) throw failure.error;
    }
  }

  // The port's optional paged read: each page is one read call, converted whole.
  async function* readStreamPages(
    streamName: string,
    readOptions: ReadOptions = {},
  ): AsyncGenerator<readonly RecordedEvent[]> {
    for await (const { records, failure } of recordPages(streamName, readOptions)) {
      if (failure !== undefined) throw failure.error;
      appendRule.observed(streamName, records);
      yield records;
    }
  }

  // Subscriptions (catch-up, resubscribing after a lost connection) and bookkeeping documents:
  // subscribe.ts, documents.ts.
  const documents = createDocuments(
    client,
    (operation, streamName, cause) => {
      if (closed) throw new EventStoreDBError(operation, streamName, { reason: 'the store is closed' });
      if (cause !== undefined) throw new EventStoreDBError(operation, streamName, { cause });
    },
    options.documentPartBytes,
  );
  const store: EventStore = {
    appendToStream,
    readStream,
    subscribe: (subscribeOptions: SubscribeOptions = {}) => {
      const target = subscribeOptions.streamName ?? '$all';
      assertOpen('readStream', target);
      return subscribeEventStoreDB(
        client,
        subscribeOptions,
        (cause) => new EventStoreDBError('subscribe', target, { cause }),
      );
    },
    appendDocument: documents.appendDocument,
    readLastDocument: documents.readLastDocument,
    close: async () => {
      if (closed) return;
      closed = true;
      await client.dispose();
    },
  };
  return withPagedRead(store, readStreamPages);
};
