// Case 13: a new command handler process on the large org, its first command with a snapshot in
// the store, and without (docs/performance.md#live-cases-13-and-14-2026-12-02). The org's stream
// and its snapshot live where they outlive a process, on a PostgreSQL server started here (as
// case 9's); each new process is a child (bench/cold-start-child.ts) that holds nothing but what
// it loads, as a service that has just started.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { applyOrgEvent, type Command, initialOrgState, type TallyEvent } from '@tally/domain';
import { type EventStore, orgStateSnapshots, orgStreamName, snapshotStreamName } from '@tally/ledger';
import { openPostgresEventStore } from '@tally/postgres';
import { startTestPostgres } from '../packages/postgres/src/test-support/server.spec-helper.js';
import { median } from './cli-case.js';
import type { ColdStartJob, ColdStartTimes } from './cold-start-child.js';
import type { GeneratedOrg } from './generate.js';
import { absoluteCase, type CaseResult } from './report.js';
import { activeDevicesAtEnd } from './store-cases.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const APPEND_BATCH = 5_000;

/** Appends the org's events to its stream, in order; its last revision. */
export async function fillStream(store: EventStore, org: GeneratedOrg): Promise<bigint> {
  let expectedRevision: bigint | 'no_stream' = 'no_stream';
  for (let i = 0; i < org.events.length; i += APPEND_BATCH) {
    const batch = org.events.slice(i, i + APPEND_BATCH);
    ({ nextExpectedRevision: expectedRevision } = await store.appendToStream(
      orgStreamName(org.orgId),
      batch,
      { expectedRevision },
    ));
  }
  if (expectedRevision === 'no_stream') throw new Error('case 13: the org has no events');
  return expectedRevision;
}

/** Stores the snapshot a handler with snapshots leaves at `revision` (the state of the org's
 * events up to it); its time and the document's length. */
export async function writeSnapshot(
  store: EventStore,
  org: GeneratedOrg,
  revision: bigint,
): Promise<{ readonly ms: number; readonly chars: number }> {
  const state = initialOrgState();
  for (let i = 0; i <= Number(revision); i += 1) applyOrgEvent(state, org.events[i] as TallyEvent);
  const failures: unknown[] = [];
  const writer = orgStateSnapshots(store, { every: 1, onError: (error) => failures.push(error) });
  const started = performance.now();
  writer.advanced(org.orgId, state, revision);
  await writer.flush();
  const ms = performance.now() - started;
  if (failures.length > 0) throw new Error(`case 13: the snapshot was not stored: ${String(failures[0])}`);
  const document = await store.readLastDocument?.(snapshotStreamName(org.orgId));
  return { ms, chars: document?.json.length ?? 0 };
}

export const deactivation = (org: GeneratedOrg, deviceId: string): Command => ({
  type: 'DeactivateDevice',
  orgId: org.orgId,
  at: org.endInstant,
  data: { deviceId },
});

/** One new process handling `job`: its times, as it reports them. `nodeArgs` go before the
 * script (a profile's --cpu-prof). The child runs without the bench's heap settings, as a
 * service would (measureOnce in cli-case.ts does the same). */
export function runColdStart(job: ColdStartJob, nodeArgs: readonly string[] = []): Promise<ColdStartTimes> {
  const { NODE_OPTIONS: _benchHeapSettings, ...env } = process.env;
  const script = `${root}bench/cold-start-child.ts`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, JSON.stringify(job)], {
      cwd: root,
      env,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) {
        reject(new Error(`case 13: the new process failed (exit ${status}): ${Buffer.concat(stderr)}`));
        return;
      }
      resolve(JSON.parse(Buffer.concat(stdout).toString('utf8')) as ColdStartTimes);
    });
  });
}

const seconds = (ms: number): number => ms / 1000;
const showS = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

/** `runs` new processes handling one command each, from the snapshot or from the whole stream;
 * the devices they deactivate start at `first`. */
async function newProcesses(
  url: string,
  org: GeneratedOrg,
  devices: readonly string[],
  first: number,
  runs: number,
  snapshots: boolean,
): Promise<ColdStartTimes[]> {
  const times: ColdStartTimes[] = [];
  for (let i = 0; i < runs; i += 1) {
    const command = deactivation(org, devices[first + i] as string);
    times.push(await runColdStart({ url, command, snapshots }));
  }
  return times;
}

export async function coldStartCases(org: GeneratedOrg, runs: number): Promise<CaseResult[]> {
  const server = await startTestPostgres({ durable: true });
  const store = await openPostgresEventStore(server.url);
  try {
    const last = await fillStream(store, org);
    // Where a handler with snapshotEvery leaves its latest snapshot; the events after it are
    // the earlier processes' commands (one each).
    const written = await writeSnapshot(store, org, last);
    const devices = activeDevicesAtEnd(org.events);
    if (devices.length < 2 * runs)
      throw new Error(`case 13: ${devices.length} active devices, ${2 * runs} needed`);
    const withSnapshot = await newProcesses(server.url, org, devices, 0, runs, true);
    for (const times of withSnapshot) {
      if (times.snapshotRevision !== String(last))
        throw new Error(`case 13: a new process started from ${times.snapshotRevision}, not ${last}`);
    }
    const without = await newProcesses(server.url, org, devices, runs, runs, false);
    const events = org.events.length;
    const of = (all: readonly ColdStartTimes[], pick: (times: ColdStartTimes) => number) =>
      median(all.map(pick));
    const started = (all: readonly ColdStartTimes[]) =>
      `the process's own start before it (Node, tsx, modules) ${showS(of(all, (times) => times.startMs))}`;
    return [
      absoluteCase(
        `13a first command of a new process, snapshot on PostgreSQL (${events} events)`,
        's',
        seconds(of(withSnapshot, (times) => times.openToResultMs)),
        { atMost: 0.5 },
        `median of ${runs} processes, from the store's open to the result; ${started(withSnapshot)}`,
      ),
      absoluteCase(
        `13b first command of a new process, no snapshot (${events} events)`,
        's',
        seconds(of(without, (times) => times.openToResultMs)),
        { atLeast: 0 },
        `informative: the whole stream read and folded first, median of ${runs}; ${started(without)}`,
      ),
      absoluteCase(
        `13c writing the snapshot to PostgreSQL (${events} events)`,
        's',
        seconds(written.ms),
        { atLeast: 0 },
        `informative: ${(written.chars / 1e6).toFixed(1)} million characters`,
      ),
    ];
  } finally {
    await store.close();
    await server.stop();
  }
}
