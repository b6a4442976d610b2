// Snapshots of a command handler's decider state, so that a new process starts from the latest
// snapshot and reads only the events after it instead of folding an org's whole stream. The
// state is stored every `every` events with the revision it reflects, as a document of the
// org's own snapshot stream (`tally-snapshot-<orgId>`) in the store itself. A snapshot is read
// only when it was written by this version and shape of the state (the domain's codec says so):
// any other is ignored and the state rebuilt from the events, never misread.
import {
  decodeOrgState,
  encodeOrgState,
  type OrgState,
  type OrgStateJson,
  staleOrgStateReason,
  type TimelineJson,
} from '@tally/domain';
import type { EventStore } from './port.js';
import {
  packDocument,
  type TimelineText,
  timelineFromText,
  timelineToText,
  unpackDocument,
} from './snapshot-text.js';

/** What the caching command handler asks of a snapshot policy. */
export interface StateSnapshots<State> {
  /** The latest usable snapshot of the org: its state and the revision it reflects. */
  load(orgId: string): Promise<{ readonly state: State; readonly revision: bigint } | undefined>;
  /** The handler's state of the org now reflects `revision`; a snapshot is stored when one is due.
   * The state is serialized before this returns (the handler goes on mutating it). */
  advanced(orgId: string, state: State, revision: bigint): void;
  /** Resolves when the snapshots being written are stored. */
  flush(): Promise<void>;
}

export const ORG_SNAPSHOT_TYPE = 'OrgSnapshot';
export const DEFAULT_SNAPSHOT_EVERY = 10_000;

/** The stream of an org's snapshots. */
export const snapshotStreamName = (orgId: string): string => `tally-snapshot-${orgId}`;

interface OrgSnapshotJson {
  readonly orgId: string;
  readonly revision: string;
  readonly state: OrgStateJson;
}

export interface OrgSnapshotOptions {
  /** Store a snapshot once the state is at least this many events past the last one; default 10,000. */
  readonly every?: number;
  /** A snapshot that could not be stored (the store failed): commands are not affected; default
   * ignores it, and the next due snapshot tries again. */
  readonly onError?: (error: unknown, orgId: string) => void;
}

/** Snapshots of OrgState in `store` (which must have appendDocument and readLastDocument). */
export function orgStateSnapshots(
  store: EventStore,
  options: OrgSnapshotOptions = {},
): StateSnapshots<OrgState> {
  const every = options.every ?? DEFAULT_SNAPSHOT_EVERY;
  if (!Number.isSafeInteger(every) || every <= 0) {
    throw new RangeError(`snapshots every must be a positive integer, got ${every}`);
  }
  const { appendDocument, readLastDocument } = store;
  if (appendDocument === undefined || readLastDocument === undefined) {
    throw new TypeError(
      'the store keeps no documents (appendDocument, readLastDocument): it cannot hold snapshots',
    );
  }
  const lastSnapshot = new Map<string, bigint>();
  let writing: Promise<void> = Promise.resolve();

  return {
    load: async (orgId) => {
      const document = await readLastDocument.call(store, snapshotStreamName(orgId));
      if (document?.type !== ORG_SNAPSHOT_TYPE) return undefined;
      const { header, parts } = unpackDocument(document.json);
      const json = header as OrgSnapshotJson;
      // Another version's snapshot is not read at all, whatever form its timeline has.
      if (staleOrgStateReason(json.state) !== undefined) return undefined;
      const state = decodeOrgState(
        withTimelines(json.state, (timeline: TimelineText) => timelineFromText(timeline, parts)),
      );
      if (state === undefined || json.orgId !== orgId) return undefined;
      const revision = BigInt(json.revision);
      lastSnapshot.set(orgId, revision);
      return { state, revision };
    },
    advanced: (orgId, state, revision) => {
      const last = lastSnapshot.get(orgId) ?? -1n;
      if (revision - last < BigInt(every)) return;
      lastSnapshot.set(orgId, revision);
      // Packed: the timeline's columns after the JSON header (snapshot-text.ts).
      const parts: string[] = [];
      const json = packDocument(
        {
          orgId,
          revision: revision.toString(),
          state: withTimelines(encodeOrgState(state), (timeline: TimelineJson) =>
            timelineToText(timeline, parts),
          ),
        } satisfies OrgSnapshotJson,
        parts,
      );
      writing = writing
        .then(() => appendDocument.call(store, snapshotStreamName(orgId), { type: ORG_SNAPSHOT_TYPE, json }))
        .catch((error: unknown) => {
          lastSnapshot.set(orgId, last);
          options.onError?.(error, orgId);
        });
    },
    flush: () => writing,
  };
}

/** The state with each of its timelines converted (to or from their text form). */
function withTimelines<From, To>(state: OrgStateJson, convert: (timeline: From) => To): OrgStateJson {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state.values ?? {})) {
    values[key] =
      typeof value === 'object' && value !== null && 'timeline' in value
        ? { timeline: convert(value.timeline as From) }
        : value;
  }
  return { ...state, values };
}
