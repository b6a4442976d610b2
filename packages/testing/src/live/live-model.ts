// The live projection held to a full replay, model-based (fast-check commands): appends to
// several orgs in chunks, restarts (the state saved), crashes (the state as last saved, the
// subscription cut), and dropped connections (a store's own way, when it has one) in any order;
// after each step the projection, once it has every event, equals liveFigures over a replay of
// each org's stream at the same instant.

import { BILLING_FACT_TYPES, type Instant, liveFigures, type TallyEvent, TimelineFold } from '@tally/domain';
import { type EventStore, type LiveProjection, orgStreamName, startLiveProjection } from '@tally/ledger';
import fc from 'fast-check';
import { expect } from 'vitest';
import { arbEventLog } from '../arbitraries/index.js';

const NOW: Instant = '2030-06-01T00:00:00Z';
const WAIT_MS = 15_000;

export interface LiveModelOptions {
  /** A store for one run (fresh or with unique org ids: the ids here are random per run). */
  readonly makeStore: () => Promise<EventStore>;
  /** Cuts the store's subscriptions as a lost connection would; absent: no such step. */
  readonly dropConnections?: () => unknown;
  readonly numRuns?: number;
}

interface Real {
  readonly store: EventStore;
  projection: LiveProjection;
  readonly name: string;
  readonly logs: readonly { readonly orgId: string; readonly events: readonly TallyEvent[] }[];
  readonly appended: number[];
}

const start = (store: EventStore, name: string) =>
  startLiveProjection({ store, name, clock: () => NOW, saveEvery: 4, maxBatch: 5 });

async function replayFigures(store: EventStore, orgId: string) {
  const fold = new TimelineFold();
  const factEvents: TallyEvent[] = [];
  for await (const { event } of store.readStream(orgStreamName(orgId))) {
    fold.push(event);
    if (BILLING_FACT_TYPES.has(event.type)) factEvents.push(event);
  }
  return liveFigures({ orgId, timeline: fold.timeline, factEvents, now: NOW });
}

async function settle(real: Real): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const { orgs } = real.projection.current();
    const done = real.logs.every(
      (log, i) => (real.appended[i] ?? 0) === 0 || orgs[log.orgId]?.events === real.appended[i],
    );
    if (done) break;
    if (Date.now() > deadline) {
      const seen = real.logs.map((log) => orgs[log.orgId]?.events);
      throw new Error(
        `projection has ${JSON.stringify(seen)} events, ${JSON.stringify(real.appended)} appended`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  for (const [i, log] of real.logs.entries()) {
    if ((real.appended[i] ?? 0) === 0) continue;
    const live = real.projection.current().orgs[log.orgId];
    expect(live?.problem).toBeNull();
    const { name: _name, events: _events, problem: _problem, ...figures } = live as NonNullable<typeof live>;
    expect(figures).toEqual(await replayFigures(real.store, log.orgId));
    expect(Object.isFrozen(live)).toBe(true);
  }
}

class Append implements fc.AsyncCommand<object, Real> {
  constructor(
    readonly org: number,
    readonly count: number,
  ) {}
  check = () => true;
  async run(_model: object, real: Real) {
    const log = real.logs[this.org % real.logs.length] as Real['logs'][number];
    const i = real.logs.indexOf(log);
    const from = real.appended[i] ?? 0;
    const chunk = log.events.slice(from, from + this.count);
    if (chunk.length === 0) return;
    await real.store.appendToStream(orgStreamName(log.orgId), chunk, {
      expectedRevision: from === 0 ? 'no_stream' : BigInt(from - 1),
    });
    real.appended[i] = from + chunk.length;
    await settle(real);
  }
  toString = () => `append(${this.org}, ${this.count})`;
}

class Restart implements fc.AsyncCommand<object, Real> {
  constructor(readonly save: boolean) {}
  check = () => true;
  async run(_model: object, real: Real) {
    await real.projection.stop({ save: this.save });
    real.projection = await start(real.store, real.name);
    await settle(real);
  }
  toString = () => (this.save ? 'restart' : 'crash');
}

class Drop implements fc.AsyncCommand<object, Real> {
  constructor(readonly drop: () => unknown) {}
  check = () => true;
  async run(_model: object, real: Real) {
    await this.drop();
    await settle(real);
  }
  toString = () => 'drop connections';
}

/** Runs the model; resolves when every run passed. */
export async function checkLiveProjectionModel(options: LiveModelOptions): Promise<void> {
  const { dropConnections } = options;
  const commands = [
    fc.tuple(fc.nat(2), fc.integer({ min: 1, max: 9 })).map(([org, count]) => new Append(org, count)),
    fc.boolean().map((save) => new Restart(save)),
    ...(dropConnections === undefined ? [] : [fc.constant(new Drop(dropConnections))]),
  ];
  const logs = fc.tuple(
    arbEventLog({ maxEvents: 25 }),
    arbEventLog({ maxEvents: 25 }),
    arbEventLog({ maxEvents: 25 }),
  );
  await fc.assert(
    fc.asyncProperty(logs, fc.commands(commands, { maxCommands: 12 }), async (generated, steps) => {
      const run = Math.random().toString(36).slice(2);
      const real: Real = {
        store: await options.makeStore(),
        name: `model-${run}`,
        logs: generated.map((log, i) => ({
          orgId: `${log.orgId}-${run}-${i}`,
          events: log.events.map((event) => ({
            ...event,
            orgId: `${log.orgId}-${run}-${i}`,
            eventId: `${event.eventId}-${run}-${i}`,
          })),
        })),
        appended: [0, 0, 0],
        projection: undefined as unknown as LiveProjection,
      };
      real.projection = await start(real.store, real.name);
      try {
        await fc.asyncModelRun(() => ({ model: {}, real }), steps);
        // Everything left, then once more from a crash: still the replay.
        for (let org = 0; org < 3; org += 1) await new Append(org, 100).run({}, real);
        await new Restart(false).run({}, real);
      } finally {
        await real.projection.stop();
        await real.store.close();
      }
    }),
    { numRuns: options.numRuns ?? 15 },
  );
}
