// Cases 1, 2 and 6 (the folds over decoded events in memory).

import {
  type Event as EmmettEvent,
  getInMemoryEventStore as getEmmettInMemoryEventStore,
} from '@event-driven-io/emmett';
import {
  addMonthsClamped,
  countAt,
  countsAt,
  DEFAULT_TALLY_SCHEDULE,
  instantToEpochMs,
  startOfDate,
  type TallyEvent,
  tallyDates,
  tallyInstant,
} from '@tally/domain';
import { foldOrgStream, getInMemoryEventStore, orgStreamName } from '@tally/ledger';
import type { GeneratedOrg } from './generate.js';
import { createHandState, type HandState, handApply, handCountBillable } from './hand-loop.js';
import { compare } from './measure.js';
import { type CaseResult, ratioCase } from './report.js';

/** 24 monthly tally instants (billing date start − 48 h) and 8 quarterly per-user tallies. */
export function snapshotInstants(org: GeneratedOrg): string[] {
  const notBefore = startOfDate(org.startDate, org.timeZone);
  const monthly = Array.from({ length: 24 }, (_, k) =>
    tallyInstant(addMonthsClamped(org.startDate, k), org.timeZone, 48, notBefore),
  );
  const quarterly = tallyDates(DEFAULT_TALLY_SCHEDULE, org.startDate, org.endDate).map((date) =>
    startOfDate(date, org.timeZone),
  );
  return [...monthly, ...quarterly];
}

export async function foldCase(org: GeneratedOrg, runs: number): Promise<CaseResult> {
  const atMs = instantToEpochMs(org.endInstant);
  const tally = countAt(org.events, org.endInstant).billableDevices;
  const hand = handCountBillable(org.events, atMs);
  if (tally !== hand)
    throw new Error(`fold case: countAt says ${tally} billable devices, the hand loop ${hand}`);
  const { tallyMs, baselineMs } = await compare(
    () => countAt(org.events, org.endInstant),
    () => handCountBillable(org.events, atMs),
    runs,
  );
  return ratioCase('1. countAt vs hand loop', 'ms', tallyMs, baselineMs, 1.25, `${org.events.length} events`);
}

export async function snapshotsCase(org: GeneratedOrg, runs: number): Promise<CaseResult> {
  const instants = snapshotInstants(org);
  const { tallyMs, baselineMs } = await compare(
    () => countsAt(org.events, instants),
    () => countAt(org.events, org.endInstant),
    runs,
  );
  return ratioCase(`2. countsAt ${instants.length} instants vs 1`, 'ms', tallyMs, baselineMs, 1.3);
}

/** The evolve both event stores aggregate with: the hand loop's billable-devices step (the
 * domain's own entity step is no longer public). Only the aggregation differs. */
const evolve = handApply;

export async function emmettCase(org: GeneratedOrg, runs: number): Promise<CaseResult> {
  const streamName = orgStreamName(org.orgId);
  const tallyStore = getInMemoryEventStore();
  const emmettStore = getEmmettInMemoryEventStore();
  for (let i = 0; i < org.events.length; i += 10_000) {
    const batch = org.events.slice(i, i + 10_000);
    await tallyStore.appendToStream(streamName, batch);
    // Emmett's Event wants `data` to be a string-keyed record; Tally events are structurally one.
    await emmettStore.appendToStream(streamName, batch as unknown as EmmettEvent[]);
  }
  const tallyFold = () => {
    let state = createHandState();
    return foldOrgStream(tallyStore, org.orgId, {
      push: (event) => {
        state = evolve(state, event);
      },
      result: () => state,
    });
  };
  const emmettFold = () =>
    emmettStore.aggregateStream<HandState, EmmettEvent>(streamName, {
      evolve: (state: HandState, event: EmmettEvent) => evolve(state, event as unknown as TallyEvent),
      initialState: createHandState,
    });
  const tallyCount = (await tallyFold()).billable;
  const emmettCount = (await emmettFold()).state.billable;
  if (tallyCount !== emmettCount) {
    throw new Error(`emmett case: Tally's fold says ${tallyCount}, Emmett's aggregateStream ${emmettCount}`);
  }
  const { tallyMs, baselineMs } = await compare(tallyFold, emmettFold, runs);
  await tallyStore.close();
  return ratioCase('6. in-memory fold vs Emmett aggregateStream', 'ms', tallyMs, baselineMs, 1.1);
}
