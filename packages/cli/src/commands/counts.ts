// `tally counts`: the four counts (docs/counting.md#what-is-counted) at an instant; --explain adds the devices
// and users behind them, each with the event that made it count.
import {
  type Counts,
  type CountsExplanation,
  explainCountsAt,
  type Instant,
  isEntityEvent,
  type TallyEvent,
} from '@tally/domain';
import { countsAtFromStore, type EventStore, loadOrgEvents } from '@tally/ledger';
import { countsAtFromLogFile } from '@tally/ledger/log-files';
import { type CliIo, writeOut } from '../io.js';
import { type CommonOptions, noSuchOrg, sourceNameOf, withEventFile, withSource } from './with-source.js';

export interface CountsCommandOptions extends CommonOptions {
  readonly org: string;
  readonly at: Instant;
  /** Absent: every recorded event is known. */
  readonly asKnownAt?: Instant | undefined;
  readonly explain: boolean;
}

export async function countsCommand(options: CountsCommandOptions, io: CliIo): Promise<void> {
  const snapshot = options.asKnownAt === undefined ? {} : { asKnownAt: options.asKnownAt };
  const noSuchOrgIn = (error: unknown) => noSuchOrg(error, options.org, sourceNameOf(options.source));
  // A file alone is read once, its counts read off the log checker's own timeline of the org.
  const fromFile = options.explain
    ? undefined
    : await withEventFile(options, io, 'counts', async (file, progress) => {
        try {
          const [counts] = await countsAtFromLogFile(file, options.org, [options.at], {
            ...snapshot,
            progress,
          });
          return countsJson(counts as Counts);
        } catch (error) {
          throw noSuchOrgIn(error);
        }
      });
  const output =
    fromFile ??
    (await withSource(options, io, 'counts', async (store) => {
      try {
        if (!options.explain) {
          const [counts] = await countsAtFromStore(store, options.org, [options.at], snapshot);
          return countsJson(counts as Counts);
        }
        const explanation = explainCountsAt(await entityEvents(store, options.org), options.at, snapshot);
        return explanationJson(explanation);
      } catch (error) {
        throw noSuchOrgIn(error);
      }
    }));
  await writeOut(io.stdout, `${JSON.stringify(output, null, 2)}\n`);
}

/** The explanation reads the events themselves (the domain's explainCountsAt builds the timeline
 * from them and reads it at `at`, as known at `asKnownAt`): only the entity events are kept. */
async function entityEvents(store: EventStore, orgId: string): Promise<TallyEvent[]> {
  const kept: TallyEvent[] = [];
  for await (const event of loadOrgEvents(store, orgId)) if (isEntityEvent(event)) kept.push(event);
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
