// Catch-up subscriptions of the test server, as a real node serves them on Streams.Read with the
// subscription option: a SubscriptionConfirmation first; then the events after the starting
// point (exclusive: from revision r the first is r+1; from position p, the first after p); a
// CaughtUp once the stored events are sent; then every new event as it is written. To `$all`
// with a filter (stream-name or event-type prefixes or regex), only the matching events are
// sent, plus a Checkpoint every `multiplier x window` events scanned (window: the request's
// max, else 32), so a client can save progress across events it does not want. `$all` holds
// system events ($-prefixed streams and types) as a node's does; a stream subscription to a
// stream that does not exist yet waits for it.
import { randomUUID } from 'node:crypto';
import { type ServerWritableStream, status } from '@grpc/grpc-js';
import { type ReadReq, type ReadResp, streamsPb } from '../generated.js';
import { readEventBytes } from './readEventWire.js';
import type { StoredEvent, StreamLog } from './streamLog.js';
import { BadRequestError, type ReadOut, serviceError, writeWithBackpressure } from './streamsService.js';

const utf8 = new TextDecoder();
/** The window a node assumes when a filtered request gives no max. */
const DEFAULT_SEARCH_WINDOW = 32;

interface Selection {
  /** Index in `log.all` of the first event to consider. */
  readonly startIndex: (log: StreamLog) => number;
  readonly matches: (event: StoredEvent) => boolean;
  /** Scanned events between checkpoints; undefined: no checkpoints (no filter). */
  readonly checkpointEvery: number | undefined;
}

type Options = InstanceType<typeof streamsPb.ReadReq.Options>;

const expressionMatcher = (
  expression: InstanceType<typeof streamsPb.ReadReq.Options.FilterOptions.Expression>,
): ((text: string) => boolean) => {
  const regex = expression.getRegex();
  const prefixes = expression.getPrefixList();
  if (regex !== '') {
    const compiled = new RegExp(regex);
    return (text) => compiled.test(text);
  }
  return (text) => prefixes.some((prefix) => text.startsWith(prefix));
};

const allSelection = (options: Options): Selection => {
  const all = options.getAll();
  if (!all) throw new BadRequestError('a subscription names neither a stream nor $all');
  const cases = streamsPb.ReadReq.Options.AllOptions.AllOptionCase;
  const position = all.getPosition();
  const startIndex =
    all.getAllOptionCase() === cases.END
      ? (log: StreamLog) => log.all.length
      : all.getAllOptionCase() === cases.POSITION && position
        ? () => Number(BigInt(position.getCommitPosition())) + 1
        : () => 0;
  const filter = options.getFilter();
  if (!filter) return { startIndex, matches: () => true, checkpointEvery: undefined };
  const onStream = filter.getStreamIdentifier();
  const onType = filter.getEventType();
  const test = onStream ? expressionMatcher(onStream) : onType ? expressionMatcher(onType) : () => true;
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  return {
    startIndex,
    matches: onStream ? (event) => test(event.streamName) : (event) => test(event.type),
    checkpointEvery: Math.max(1, filter.getCheckpointintervalmultiplier()) * Math.max(1, window),
  };
};

const streamSelection = (options: Options): Selection => {
  const stream = options.getStream() as NonNullable<ReturnType<Options['getStream']>>;
  const streamName = utf8.decode(stream.getStreamIdentifier()?.getStreamName_asU8() ?? new Uint8Array());
  const cases = streamsPb.ReadReq.Options.StreamOptions.RevisionOptionCase;
  const revisionCase = stream.getRevisionOptionCase();
  const after = revisionCase === cases.REVISION ? BigInt(stream.getRevision()) : undefined;
  const startIndex = (log: StreamLog) => {
    if (revisionCase === cases.END) return log.all.length;
    if (after === undefined) return 0;
    // The position of revision `after`, then the one after it: the stream's events are in $all.
    const [event] = log.read(streamName, { from: after, direction: 'forwards', count: 1 }) ?? [];
    return event !== undefined && event.revision === after ? Number(event.position) + 1 : 0;
  };
  return {
    startIndex,
    matches: (event) => event.streamName === streamName && (after === undefined || event.revision > after),
    checkpointEvery: undefined,
  };
};

const checkpointOf = (event: StoredEvent): ReadResp => {
  const checkpoint = new streamsPb.ReadResp.Checkpoint();
  checkpoint.setCommitPosition(event.position.toString(10));
  checkpoint.setPreparePosition(event.position.toString(10));
  return new streamsPb.ReadResp().setCheckpoint(checkpoint);
};

/** The subscription calls in progress, so a test can cut them as a lost connection would. */
export interface SubscriptionRegistry {
  readonly calls: Set<ServerWritableStream<ReadReq, ReadOut>>;
  /** Ends every subscription with UNAVAILABLE; returns how many there were. */
  drop(): number;
}

export const createSubscriptionRegistry = (): SubscriptionRegistry => {
  const calls = new Set<ServerWritableStream<ReadReq, ReadOut>>();
  return {
    calls,
    drop: () => {
      const dropped = [...calls];
      calls.clear();
      for (const call of dropped) {
        call.emit('error', serviceError(status.UNAVAILABLE, 'the connection was lost'));
      }
      return dropped.length;
    },
  };
};

/** Serves one Read call that carries the subscription option, until the client cancels it. */
export async function serveSubscription(
  log: StreamLog,
  call: ServerWritableStream<ReadReq, ReadOut>,
  registry: SubscriptionRegistry,
): Promise<void> {
  const options = call.request.getOptions() as Options;
  const selection = options.getStream() ? streamSelection(options) : allSelection(options);
  const uuid =
    options.getUuidOption()?.getContentCase() === streamsPb.ReadReq.Options.UUIDOption.ContentCase.STRUCTURED
      ? 'structured'
      : 'string';
  // Written after the start are queued at once (a write and this registration are synchronous),
  // so nothing falls between the catch-up and the live part.
  let next = selection.startIndex(log);
  let wake: (() => void) | undefined;
  const unsubscribe = log.onWrite(() => wake?.());
  registry.calls.add(call);
  let ended = false;
  const end = () => {
    ended = true;
    unsubscribe();
    registry.calls.delete(call);
    wake?.();
  };
  call.on('cancelled', end);
  call.on('error', end);
  call.on('close', end);

  const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
  await writeWithBackpressure(call, new streamsPb.ReadResp().setConfirmation(confirmation));
  let scanned = 0;
  let caughtUp = false;
  while (!ended && !call.cancelled) {
    while (next < log.all.length && !ended) {
      const event = log.all[next] as StoredEvent;
      next += 1;
      if (selection.matches(event)) await writeWithBackpressure(call, readEventBytes(event, uuid));
      scanned += 1;
      if (selection.checkpointEvery !== undefined && scanned % selection.checkpointEvery === 0) {
        await writeWithBackpressure(call, checkpointOf(event));
      }
    }
    if (ended) break;
    if (!caughtUp) {
      caughtUp = true;
      await writeWithBackpressure(
        call,
        new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()),
      );
      continue;
    }
    if (next < log.all.length) continue;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
}

/** System events a node writes into $all at its start (its epoch), so that filters are needed. */
export const seedSystemEvents = (log: StreamLog): void => {
  log.append('$epochs', 'any', [
    {
      id: randomUUID(),
      type: '$epoch-information',
      contentType: 'application/json',
      data: new TextEncoder().encode('{"epochNumber":0}'),
      customMetadata: new Uint8Array(),
    },
  ]);
};
