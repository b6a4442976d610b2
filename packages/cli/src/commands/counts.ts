// `tally counts`: the four counts (docs/counting.md#what-is-counted) at an instant; --explain adds the devices
// and users behind them, each with the event that made it count.
import {
  type Counts,
  type CountsExplanation,
  explainCountsAt,
  type Instant,
  instantToEpochMs,
  type TallyEvent,
} from '@tally/domain';
import { countsAtFromStore, type EventStore, loadOrgEvents } from '@tally/ledger';
import { type CliIo, writeOut } from '../io.js';
import { type CommonOptions, noSuchOrg, sourceNameOf, withSource } from './with-source.js';

export interface CountsCommandOptions extends CommonOptions {
  readonly org: string;
  readonly at: Instant;
  /** Absent: every recorded event is known. */
  readonly asKnownAt?: Instant | undefined;
  readonly explain: boolean;
}

export async function countsCommand(options: CountsCommandOptions, io: CliIo): Promise<void> {
  const snapshot = options.asKnownAt === undefined ? {} : { asKnownAt: options.asKnownAt };
  const output = await withSource(options, io, 'counts', async (store) => {
    try {
      if (!options.explain) {
        const [counts] = await countsAtFromStore(store, options.org, [options.at], snapshot);
        return countsJson(counts as Counts);
      }
      const explanation = explainCountsAt(await visibleEntityEvents(store, options), options.at, snapshot);
      return explanationJson(explanation);
    } catch (error) {
      throw noSuchOrg(error, options.org, sourceNameOf(options.source));
    }
  });
  await writeOut(io.stdout, `${JSON.stringify(output, null, 2)}\n`);
}

const ENTITY_TYPES: ReadonlySet<TallyEvent['type']> = new Set([
  'DeviceActivated',
  'DeviceDeactivated',
  'DeviceReactivated',
  'ArchiveCreated',
  'ArchivePurged',
]);

/** The explanation needs the events themselves: keep only those the snapshot can see (entity
 * events at or before `at`, known by `asKnownAt`), in stream order. */
async function visibleEntityEvents(store: EventStore, options: CountsCommandOptions): Promise<TallyEvent[]> {
  const atMs = instantToEpochMs(options.at);
  const knownMs =
    options.asKnownAt === undefined ? Number.POSITIVE_INFINITY : instantToEpochMs(options.asKnownAt);
  const kept: TallyEvent[] = [];
  for await (const event of loadOrgEvents(store, options.org)) {
    if (
      ENTITY_TYPES.has(event.type) &&
      instantToEpochMs(event.occurredAt) <= atMs &&
      instantToEpochMs(event.recordedAt) <= knownMs
    ) {
      kept.push(event);
    }
  }
  return kept;
}

const countsJson = (counts: Counts) => ({
  at: counts.at,
  activeDevices: counts.activeDevices,
  billableDevices: counts.billableDevices,
  licensesInUse: counts.licensesInUse,
  licenseHolders: counts.licenseHolders,
});

const explanationJson = (explanation: CountsExplanation) => ({
  ...countsJson(explanation.counts),
  explanation: {
    billableDevices: explanation.billableDevices,
    licenseHolders: explanation.licenseHolders,
  },
});
