// Queries over a store: an organization's events streamed page by page into a fold, so that a
// long history never sits in memory whole. Every query is "fold the org's stream into a sink";
// invoice queries plug in the same way once billing lands (a sink that pushes events and returns
// the invoice).
import type { Counts, Instant, SnapshotOptions, TallyEvent } from '@tally/domain';
import { createSnapshotCounter } from '@tally/domain';
import type { EventStore } from './port.js';
import { orgStreamName } from './port.js';

/** A streaming fold: takes events in stream order, then answers. */
export interface EventSink<Result> {
  push(event: TallyEvent): void;
  result(): Result;
}

/**
 * The organization's events in stream order, read lazily page by page. Throws
 * `StreamNotFoundError` (naming the stream `tally-org-<orgId>`) for an organization with no events.
 */
export async function* loadOrgEvents(store: EventStore, orgId: string): AsyncIterable<TallyEvent> {
  for await (const record of store.readStream(orgStreamName(orgId))) yield record.event;
}

/** Pushes every event of the organization into the sink and returns its result. */
export async function foldOrgStream<Result>(
  store: EventStore,
  orgId: string,
  sink: EventSink<Result>,
): Promise<Result> {
  for await (const event of loadOrgEvents(store, orgId)) sink.push(event);
  return sink.result();
}

/**
 * The counts of DOMAIN.md §2 at each instant (result i is for instants[i]), as known at
 * `options.asKnownAt` (absent: every recorded event), in one streaming pass over the stream.
 */
export function countsAtFromStore(
  store: EventStore,
  orgId: string,
  instants: readonly Instant[],
  options: SnapshotOptions = {},
): Promise<Counts[]> {
  return foldOrgStream(store, orgId, createSnapshotCounter(instants, options));
}
