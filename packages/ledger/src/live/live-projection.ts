// A live projection: follows every org of a store through its subscription, folds each event
// into its org's timeline and billing events (org-folds.ts), and after each batch (under a stream
// of batches, after those of `publishEveryMs`) asks the domain's liveFigures for the orgs they
// touched. Readers get an immutable snapshot, made with immer's produce once per publish (never
// per event): a reader keeps the snapshot it holds while the projection moves on, and unchanged
// orgs are shared between snapshots. The folds and the checkpoint are stored in the store itself
// (a document stream of their own) now and then, so a restarted projection resumes after the
// checkpoint instead of replaying the store.
import { epochMsToInstant, type Instant, type LiveFigures, liveFigures } from '@tally/domain';
import { castDraft, freeze, produce } from 'immer';
import type { EventStore, SubscriptionMessage } from '../port.js';
import {
  decodeLiveState,
  encodeLiveState,
  foldEvent,
  LIVE_STATE_TYPE,
  newOrgFold,
  type OrgFold,
} from './org-folds.js';

export interface LiveOrg extends LiveFigures {
  /** The org's name from its registration, once known. */
  readonly name: string | null;
  /** Events of the org folded so far. */
  readonly events: number;
  /** Set when an event did not fit the org's timeline: the figures are those before it. */
  readonly problem: string | null;
}

export interface LiveSnapshot {
  /** The checkpoint the snapshot reflects (a global position); undefined before any event. */
  readonly checkpoint: bigint | undefined;
  /** True once every event settled at the start has been folded. */
  readonly caughtUp: boolean;
  /** Events folded since the store's first (those a restored state holds included). */
  readonly events: number;
  /** The snapshots this process published: one per batch, or under a stream of batches one per
   * `publishEveryMs` for all the batches folded in it. */
  readonly batches: number;
  readonly orgs: { readonly [orgId: string]: LiveOrg };
}

export interface LiveProjectionOptions {
  readonly store: EventStore;
  /** `now` for the figures; defaults to the system time. */
  readonly clock?: () => Instant;
  /** Names the document stream holding the state: `tally-live-<name>`; default `dashboard`. */
  readonly name?: string;
  /** Store the state after at least this many events since the last save (and when caught up,
   * and on stop); default 50,000. */
  readonly saveEvery?: number;
  /** Events per subscription batch; the store's default when absent. */
  readonly maxBatch?: number;
  /** While batches keep arriving, publish at most once in this many milliseconds (every batch is
   * folded at once; the figures, the costly part, are computed once for all of them). A batch
   * after a quiet spell is published on the next turn of the event loop. Default 50. */
  readonly publishEveryMs?: number;
  /** Told when storing the state failed (the projection goes on and tries again); default: ignored. */
  readonly onSaveError?: (error: unknown) => void;
}

export interface LiveProjection {
  /** The latest snapshot (frozen). */
  current(): LiveSnapshot;
  /** Called with every new snapshot; returns the unsubscribe. */
  onChange(listener: (snapshot: LiveSnapshot) => void): () => void;
  /** Resolves with the first snapshot that is caught up. */
  caughtUp(): Promise<LiveSnapshot>;
  /** Recomputes every org's figures at the clock's now (time moves on without events). */
  refresh(): void;
  /** Ends the subscription and stores the state; resolves when both are done. `{ save: false }`
   * leaves the state as last stored, as a process that dies does (tests use it). */
  stop(options?: { readonly save?: boolean }): Promise<void>;
  /** Rejects when the subscription fails (the projection stops); resolves after stop(). */
  readonly done: Promise<void>;
}

export const liveStateStream = (name: string): string => `tally-live-${name}`;

const systemClock = (): Instant => epochMsToInstant(Date.now());

/** At 25,000 events/s the figures of every touched org after each batch were the projection's
 * largest cost (docs/performance.md, "EventStoreDB subscriptions and the flow-control window"). */
const DEFAULT_PUBLISH_EVERY_MS = 50;

export async function startLiveProjection(options: LiveProjectionOptions): Promise<LiveProjection> {
  const { store } = options;
  if (store.subscribe === undefined)
    throw new TypeError('the store has no subscribe: it cannot be followed live');
  const clock = options.clock ?? systemClock;
  const stream = liveStateStream(options.name ?? 'dashboard');
  const saveEvery = options.saveEvery ?? 50_000;
  const publishEveryMs = options.publishEveryMs ?? DEFAULT_PUBLISH_EVERY_MS;
  if (!(publishEveryMs >= 0 && Number.isFinite(publishEveryMs))) {
    throw new RangeError(`publishEveryMs must be a finite number >= 0, got ${publishEveryMs}`);
  }
  const folds = new Map<string, OrgFold>();
  let checkpoint: bigint | undefined;

  const stored = await store.readLastDocument?.(stream);
  const restored = stored?.type === LIVE_STATE_TYPE ? decodeLiveState(stored.json) : undefined;
  if (restored !== undefined) {
    checkpoint = restored.checkpoint;
    for (const org of restored.orgs) folds.set(org.orgId, org);
  }

  const figuresOf = (org: OrgFold, now: Instant): LiveOrg => ({
    ...liveFigures({ orgId: org.orgId, timeline: org.fold.timeline, factEvents: org.factEvents, now }),
    name: org.name,
    events: org.events,
    problem: org.problem,
  });
  const start = clock();
  let snapshot: LiveSnapshot = freeze(
    {
      checkpoint,
      caughtUp: false,
      events: [...folds.values()].reduce((total, org) => total + org.events, 0),
      batches: 0,
      orgs: Object.fromEntries([...folds.values()].map((org) => [org.orgId, figuresOf(org, start)])),
    },
    true,
  );
  const listeners = new Set<(next: LiveSnapshot) => void>();
  const publish = (next: LiveSnapshot) => {
    snapshot = next;
    for (const listener of listeners) listener(next);
  };

  let unsaved = 0;
  let saving: Promise<void> = Promise.resolve();
  const save = () => {
    unsaved = 0;
    if (store.appendDocument === undefined) return;
    const json = encodeLiveState(checkpoint, folds.values());
    const append = store.appendDocument.bind(store);
    // A failed save (the store unreachable a moment) costs only a longer catch-up after a
    // restart: the projection goes on, and saves again at the next chance.
    saving = saving
      .then(() => append(stream, { type: LIVE_STATE_TYPE, json }))
      .catch((error: unknown) => {
        unsaved = saveEvery;
        options.onSaveError?.(error);
      });
  };

  // Batches that arrive while figures are due are folded at once and published together: the
  // figures of an org are computed once for all of them, on the next turn of the event loop, or
  // when publishEveryMs has passed since the last publish.
  const touched = new Set<OrgFold>();
  let pendingEvents = 0;
  let flushing: { readonly cancel: () => void } | undefined;
  let publishedAt = Number.NEGATIVE_INFINITY;
  const scheduleFlush = () => {
    if (flushing !== undefined) return;
    const wait = publishedAt + publishEveryMs - performance.now();
    if (wait <= 0) {
      const immediate = setImmediate(flush);
      flushing = { cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(flush, wait);
      flushing = { cancel: () => clearTimeout(timeout) };
    }
  };
  const flush = () => {
    flushing?.cancel();
    flushing = undefined;
    if (touched.size === 0 && pendingEvents === 0) return;
    publishedAt = performance.now();
    const now = clock();
    const events = pendingEvents;
    // One produce for everything folded since the last one: only the orgs touched get new
    // (frozen) figures.
    publish(
      produce(snapshot, (draft) => {
        for (const org of touched) draft.orgs[org.orgId] = castDraft(figuresOf(org, now));
        draft.checkpoint = checkpoint;
        draft.events += events;
        draft.batches += 1;
      }),
    );
    touched.clear();
    pendingEvents = 0;
    if (unsaved >= saveEvery) save();
  };

  const handle = (message: SubscriptionMessage) => {
    if (message.kind === 'checkpoint') {
      checkpoint = message.checkpoint;
      return;
    }
    if (message.kind === 'caughtUp') {
      flush();
      checkpoint = message.checkpoint ?? checkpoint;
      save();
      publish(
        produce(snapshot, (draft) => {
          draft.caughtUp = true;
          draft.checkpoint = checkpoint;
        }),
      );
      return;
    }
    for (const { event } of message.events) {
      let org = folds.get(event.orgId);
      if (org === undefined) {
        org = newOrgFold(event.orgId);
        folds.set(event.orgId, org);
      }
      foldEvent(org, event);
      touched.add(org);
    }
    checkpoint = message.checkpoint;
    unsaved += message.events.length;
    pendingEvents += message.events.length;
    scheduleFlush();
  };

  const controller = new AbortController();
  const messages = store.subscribe({
    signal: controller.signal,
    ...(checkpoint === undefined ? {} : { after: checkpoint }),
    ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
  });
  const done = (async () => {
    try {
      for await (const message of messages) handle(message);
    } finally {
      flush();
    }
  })();
  done.catch(() => {}); // a failure is the caller's to see through `done`

  return {
    current: () => snapshot,
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    caughtUp: () =>
      snapshot.caughtUp
        ? Promise.resolve(snapshot)
        : new Promise((resolve, reject) => {
            const off = (() => {
              const listener = (next: LiveSnapshot) => {
                if (!next.caughtUp) return;
                listeners.delete(listener);
                resolve(next);
              };
              listeners.add(listener);
              return () => listeners.delete(listener);
            })();
            done.then(
              () => off(),
              (error: unknown) => {
                off();
                reject(error);
              },
            );
          }),
    refresh: () => {
      const now = clock();
      publish(
        produce(snapshot, (draft) => {
          for (const org of folds.values()) draft.orgs[org.orgId] = castDraft(figuresOf(org, now));
        }),
      );
    },
    stop: async (stopOptions = {}) => {
      controller.abort();
      await done.catch(() => {});
      if (stopOptions.save ?? true) save();
      await saving;
    },
    done,
  };
}
