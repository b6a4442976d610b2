// Case 15: the billing run (docs/performance.md). Many organizations of per-device monthly
// departments, two years of events with a share recorded late, fed to an in-memory store month
// by month; on each billing date a run issues every organization's invoice as known then, with
// its corrections (one command handler kept across the runs, as a ledger would). Then one
// organization's run in a store of a few organizations against the same in the full store: its
// cost must not depend on how many others the store holds.
import {
  epochMsToInstant,
  instantToEpochMs,
  monthlyDates,
  startOfDate,
  type TallyEvent,
} from '@tally/domain';
import {
  billingRun,
  createCommandHandler,
  type EventStore,
  getInMemoryEventStore,
  orgStreamName,
} from '@tally/ledger';
import { generateOrgs } from './generate.js';
import { timeMedian } from './measure.js';
import { absoluteCase, type CaseResult } from './report.js';

export interface BillingRunCaseSize {
  readonly orgs: number;
  readonly devicesPerOrg: number;
  readonly eventsPerOrg: number;
  /** Organizations in the small store of the independence check. */
  readonly fewOrgs: number;
  readonly runs: number;
}

const HOUR_MS = 3_600_000;
const START_DATE = '2024-01-01';
const TIME_ZONE = 'America/Los_Angeles';

export async function billingRunCases(size: BillingRunCaseSize, seed: number): Promise<CaseResult[]> {
  const generated = generateOrgs({
    seed,
    orgs: size.orgs,
    devices: size.orgs * size.devicesPerOrg,
    events: size.orgs * size.eventsPerOrg,
    startDate: START_DATE,
    lateFraction: 0.01,
  });
  const orgIds = generated.orgs.map((org) => org.orgId);
  const dates = monthlyDates(START_DATE, START_DATE, '2025-12-31');
  const store = getInMemoryEventStore();
  let now = epochMsToInstant(0);
  const handler = createCommandHandler({ store, clock: () => now });
  let next = 0;
  let runMs = 0;
  let invoices = 0;
  let adjustments = 0;
  for (const date of dates) {
    // A run an hour into the billing date, after everything recorded by then was appended.
    const at = epochMsToInstant(instantToEpochMs(startOfDate(date, TIME_ZONE)) + HOUR_MS);
    next = await appendRecordedBy(store, generated.events, next, at);
    now = at;
    const started = performance.now();
    const run = await billingRun({ store, orgs: orgIds, at, handler });
    runMs += performance.now() - started;
    if (run.failures.length > 0) throw new Error(`case 15: ${run.failures[0]?.message}`);
    invoices += run.issued.length;
    for (const { event } of run.issued) {
      adjustments += event.data.lines.filter((line) => line.kind === 'adjustment').length;
    }
  }
  const expected = size.orgs * dates.length;
  if (invoices !== expected) throw new Error(`case 15: ${invoices} invoices issued, expected ${expected}`);

  // One organization's run (a fresh handler: its whole stream read and decided) in a store of
  // `fewOrgs` organizations and in the full store.
  const orgId = orgIds[0] as string;
  const few = getInMemoryEventStore();
  for (const id of orgIds.slice(0, size.fewOrgs))
    await few.appendToStream(orgStreamName(id), await streamOf(store, id));
  const last = epochMsToInstant(instantToEpochMs(now) + 24 * HOUR_MS);
  const oneOrg = (source: EventStore) => () =>
    billingRun({ store: source, orgs: orgId, at: last, clock: () => last, dryRun: true });
  const inFew = await timeMedian(oneOrg(few), size.runs);
  const inAll = await timeMedian(oneOrg(store), size.runs);
  return [
    absoluteCase(
      `15. billing run: ${size.orgs} orgs × ${size.devicesPerOrg} devices, 24 monthly runs`,
      's',
      runMs / 1000,
      { below: 30 },
      `${invoices} invoices, ${adjustments} adjustment lines, ${generated.events.length} events (1% late)`,
    ),
    absoluteCase(
      `15b. one org's run: store of ${size.orgs} orgs / of ${size.fewOrgs}`,
      'ratio',
      inAll / inFew,
      { atMost: 1.5 },
      `${inAll.toFixed(1)} ms / ${inFew.toFixed(1)} ms`,
    ),
  ];
}

/** Appends every event recorded by `at` from `events[from]` on (stream order is recordedAt
 * order), one append per organization; returns where it stopped. */
async function appendRecordedBy(
  store: EventStore,
  events: readonly TallyEvent[],
  from: number,
  at: string,
): Promise<number> {
  const atMs = instantToEpochMs(at);
  const batches = new Map<string, TallyEvent[]>();
  let i = from;
  for (; i < events.length; i++) {
    const event = events[i] as TallyEvent;
    if (instantToEpochMs(event.recordedAt) > atMs) break;
    const batch = batches.get(event.orgId) ?? [];
    batch.push(event);
    batches.set(event.orgId, batch);
  }
  for (const [orgId, batch] of batches) await store.appendToStream(orgStreamName(orgId), batch);
  return i;
}

async function streamOf(store: EventStore, orgId: string): Promise<TallyEvent[]> {
  const events: TallyEvent[] = [];
  for await (const record of store.readStream(orgStreamName(orgId))) events.push(record.event);
  return events;
}
