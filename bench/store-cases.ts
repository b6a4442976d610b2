// Cases 4 (command handling on the in-memory store) and 5 (the EventStoreDB read path: the
// adapter, and `tally invoices --esdb` as a separate process, beside the bare client).
import { createRequire } from 'node:module';
import { type Command, epochMsToInstant, instantToEpochMs, type TallyEvent } from '@tally/domain';
import { getEventStoreDBEventStore } from '@tally/eventstoredb';
import { startTestServer } from '@tally/eventstoredb/test-server';
import { createCommandHandler, type EventStore, getInMemoryEventStore, orgStreamName } from '@tally/ledger';
import { cliCommand, type Measured, measureOnce, median } from './cli-case.js';
import type { GeneratedOrg } from './generate.js';
import { compare } from './measure.js';
import type { CaseResult } from './report.js';
import { absoluteCase, informativeRates, notRun, ratioCase } from './report.js';

// The client is a dependency of @tally/eventstoredb only: load that copy.
type ClientModule =
  typeof import('../packages/eventstoredb/node_modules/@eventstore/db-client/dist/index.js');
const { EventStoreDBClient } = createRequire(
  new URL('../packages/eventstoredb/package.json', import.meta.url),
)('@eventstore/db-client') as ClientModule;

const BATCH = 5_000;

/** Milliseconds per command on an org pre-populated with `org`'s events: deactivate and
 * reactivate active devices in turn (one event each: the org has cold storage). */
export async function msPerCommand(org: GeneratedOrg, commands: number): Promise<number> {
  const store = getInMemoryEventStore();
  const stream = orgStreamName(org.orgId);
  for (let i = 0; i < org.events.length; i += BATCH) {
    await store.appendToStream(stream, org.events.slice(i, i + BATCH));
  }
  try {
    return await msPerCommandOn(store, org, commands);
  } finally {
    await store.close();
  }
}

/** The same, on a store that already holds `org`'s events in its stream (PostgreSQL's case 9). */
export async function msPerCommandOn(
  store: EventStore,
  org: GeneratedOrg,
  commands: number,
): Promise<number> {
  const active = activeDevicesAtEnd(org.events);
  let nowMs = instantToEpochMs(org.endInstant);
  const handler = createCommandHandler({ store, clock: () => epochMsToInstant(nowMs) });
  const commandAt = (i: number): Command => {
    const deviceId = active[Math.floor(i / 2) % active.length] as string;
    const at = epochMsToInstant(nowMs);
    return i % 2 === 0
      ? { type: 'DeactivateDevice', orgId: org.orgId, at, data: { deviceId } }
      : { type: 'ReactivateDevice', orgId: org.orgId, at, data: { deviceId } };
  };
  // The first command folds the whole stream into the handler's cache: not what is measured.
  await handler.handle(commandAt(0));
  await handler.handle(commandAt(1));
  const start = performance.now();
  for (let i = 2; i < commands + 2; i++) {
    nowMs += 1000;
    await handler.handle(commandAt(i));
  }
  return (performance.now() - start) / commands;
}

/** The devices active after the whole log, in the order of their first activation. */
export function activeDevicesAtEnd(events: readonly TallyEvent[]): string[] {
  const active = new Map<string, boolean>();
  for (const event of events) {
    if (event.type === 'DeviceActivated' || event.type === 'DeviceReactivated') {
      active.set(event.data.deviceId, true);
    } else if (event.type === 'DeviceDeactivated') active.set(event.data.deviceId, false);
  }
  return [...active].filter(([, isActive]) => isActive).map(([deviceId]) => deviceId);
}

export async function commandCases(
  small: GeneratedOrg,
  large: GeneratedOrg,
  commands: number,
): Promise<CaseResult[]> {
  // Interleave small and large twice and keep the faster of each, against machine noise.
  const smallMs = Math.min(await msPerCommand(small, commands), await msPerCommand(small, commands));
  const largeMs = Math.min(await msPerCommand(large, commands), await msPerCommand(large, commands));
  return [
    ratioCase(
      `4a. per-command cost, ${large.deviceCount} vs ${small.deviceCount} devices`,
      'ms/cmd',
      largeMs,
      smallMs,
      2,
    ),
    absoluteCase(`4b. commands/s at ${large.deviceCount} devices`, 'cmd/s', 1000 / largeMs, {
      atLeast: 5_000,
    }),
  ];
}

/** `events`: the first events of `org`'s log (a log in its own right), stored in the org's stream. */
export async function eventStoreDBCases(
  org: Pick<GeneratedOrg, 'orgId' | 'startDate' | 'endDate'>,
  events: readonly TallyEvent[],
  runs: number,
): Promise<CaseResult[]> {
  const server = await startTestServer({ batchAppend: true });
  const store = getEventStoreDBEventStore(server.connectionString);
  const client = EventStoreDBClient.connectionString(server.connectionString);
  const stream = orgStreamName(org.orgId);
  try {
    const appendStart = performance.now();
    for (let i = 0; i < events.length; i += 500) {
      await store.appendToStream(stream, events.slice(i, i + 500));
    }
    const appendPerSecond = events.length / ((performance.now() - appendStart) / 1000);
    const readAdapter = async () => {
      let count = 0;
      for await (const _ of store.readStream(stream)) count++;
      return count;
    };
    // The same pages (500 events per read call) a careful hand-written reader would fetch.
    const readBare = async () => {
      let count = 0;
      let from: bigint | 'start' = 'start';
      for (;;) {
        let inPage = 0;
        let last = -1n;
        for await (const resolved of client.readStream(stream, { fromRevision: from, maxCount: 500 })) {
          if (resolved.event !== undefined) last = resolved.event.revision;
          inPage++;
          count++;
        }
        if (inPage < 500) return count;
        from = last + 1n;
      }
    };
    const [adapterCount, bareCount] = [await readAdapter(), await readBare()];
    if (adapterCount !== events.length || bareCount !== events.length) {
      throw new Error(
        `eventstoredb case: read ${adapterCount} (adapter) and ${bareCount} (bare) of ${events.length}`,
      );
    }
    const { tallyMs, baselineMs } = await compare(readAdapter, readBare, runs);
    return [
      ratioCase(
        `5a. ESDB read ${events.length} events, adapter vs bare client`,
        'ms',
        tallyMs,
        baselineMs,
        1.15,
      ),
      absoluteCase(
        '5b. ESDB append, batches of 500',
        'events/s',
        appendPerSecond,
        { atLeast: 0 },
        'informative',
      ),
      await cliOnEventStoreDB(org, server.connectionString, events.length, readBare, runs),
    ];
  } finally {
    await client.dispose();
    await store.close();
    await server.stop();
  }
}

/** `tally invoices --esdb` on the org's stream, a child process (the test server runs in this
 * one, so the child is awaited, never waited for synchronously), in turn with the bare client's
 * read of the same stream: events/s of each (the CLI's time includes its start, both of its
 * passes over the stream and the invoices). */
async function cliOnEventStoreDB(
  org: Pick<GeneratedOrg, 'orgId' | 'startDate' | 'endDate'>,
  connectionString: string,
  eventCount: number,
  readBare: () => Promise<number>,
  runs: number,
): Promise<CaseResult> {
  const name = `5c. tally invoices --esdb, ${eventCount} events, vs bare client read`;
  const command = cliCommand();
  if (command === undefined) return notRun(name, 'events/s', 'informative', 'not run: no CLI');
  const args = [
    ...command.slice(1),
    'invoices',
    '--esdb',
    connectionString,
    '--org',
    org.orgId,
    '--from',
    org.startDate,
    '--to',
    org.endDate,
    '--format',
    'jsonl',
  ];
  const cli: Measured[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await readBare();
    bare.push((performance.now() - start) / 1000);
    const run = await measureOnce(command[0] as string, args);
    if (typeof run === 'string') return notRun(name, 'events/s', 'informative', run);
    cli.push(run);
  }
  const cliSeconds = median(cli.map((run) => run.seconds));
  const invoices = (cli[0]?.stdout ?? '').split('\n').filter((line) => line.trim() !== '').length;
  const peakMb = Math.max(...cli.map((run) => run.peakKb)) / 1024;
  return informativeRates(
    name,
    'events/s',
    eventCount / cliSeconds,
    eventCount / median(bare),
    `${command.join(' ')}; ${invoices} invoices; peak ${peakMb.toFixed(0)} MB; median of ${runs} runs each, in turn`,
  );
}
