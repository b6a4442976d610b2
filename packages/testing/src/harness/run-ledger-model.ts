// Model-based testing of the ledger against any EventStore: fast-check generates command
// sequences, each command is sent to the real command handler (`createCommandHandler` over the
// store under test) and predicted by the reference model, and after every step the answer, the
// stream read back from the store and the counts it folds to must all agree with the model.

import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  type Command,
  epochMsToInstant,
  instantToEpochMs,
  type Plan,
  replayChecked,
  type TallyEvent,
} from '@tally/domain';
import {
  type CommandHandler,
  createCommandHandler,
  type EventStore,
  isCommandRejectedError,
  orgStreamName,
} from '@tally/ledger';
import fc from 'fast-check';
import { arbSmallPlan } from '../arbitraries/commands.js';
import {
  applyPrediction,
  countsOfModel,
  createLedgerModel,
  type LedgerModel,
  predict,
} from './reference-model.js';

export interface LedgerReal {
  readonly store: EventStore;
  readonly handler: CommandHandler<Command>;
  readonly orgId: string;
}

export interface LedgerModelOptions {
  /** Runs (each a fresh organization and command sequence); default 25. */
  readonly numRuns?: number;
  /** Longest command sequence; default 25. */
  readonly maxCommands?: number;
  readonly seed?: number;
  /** Replay one failure: the `path` fast-check printed. */
  readonly path?: string;
  /** Close the store after each run; default true (a store shared between runs: pass false). */
  readonly closeStore?: boolean;
}

const AT = '2026-03-01T00:00:00Z';
const CLOCK_START_MS = instantToEpochMs('2026-03-01T00:00:00Z');

const describeData = (data: unknown) => JSON.stringify(data).replaceAll('"', '');

/** One domain command as an fc model command: predicted by the model, run by the handler. */
class LedgerCommand implements fc.AsyncCommand<LedgerModel, LedgerReal> {
  constructor(
    readonly type: Command['type'],
    readonly data: unknown,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: LedgerModel, real: LedgerReal): Promise<void> {
    const command = { type: this.type, orgId: real.orgId, at: AT, data: this.data } as Command;
    const prediction = predict(model, command);
    let answer: { rejected: string } | { events: { type: string; data: unknown }[] };
    try {
      const handled = await real.handler.handle(command);
      answer = { events: handled.events.map(({ type, data }) => ({ type, data })) };
    } catch (error) {
      if (!isCommandRejectedError(error)) throw error;
      answer = { rejected: error.reason.code };
    }
    if (!isDeepStrictEqual(answer, prediction)) {
      throw new Error(
        `${this.toString()}: the handler answered ${JSON.stringify(answer)}, the model expected ${JSON.stringify(prediction)}`,
      );
    }
    if ('events' in prediction) applyPrediction(model, prediction.events);
    await checkStore(model, real, this.toString());
  }

  toString(): string {
    return `${this.type} ${describeData(this.data)}`;
  }
}

/** The stream read back holds exactly the events the model counted, forms a consistent log,
 * and folds to the model's counts. */
async function checkStore(model: LedgerModel, real: LedgerReal, after: string): Promise<void> {
  const events: TallyEvent[] = [];
  for await (const record of real.store.readStream(orgStreamName(real.orgId))) events.push(record.event);
  if (events.length !== model.eventCount) {
    throw new Error(
      `after ${after}: the store holds ${events.length} events, the model expects ${model.eventCount}`,
    );
  }
  const replay = replayChecked(events);
  if (replay._tag === 'Left')
    throw new Error(`after ${after}: the stored log is inconsistent: ${replay.left.message}`);
  const { activeDevices, billableDevices, licensesInUse, licenseHolders } = replay.right.entities;
  const stored = { activeDevices, billableDevices, licensesInUse, licenseHolders };
  const expected = countsOfModel(model);
  if (!isDeepStrictEqual(stored, expected)) {
    throw new Error(
      `after ${after}: the stored log counts ${JSON.stringify(stored)}, the model ${JSON.stringify(expected)}`,
    );
  }
}

const DEVICES = ['d-0', 'd-1', 'd-2', 'd-3'];
const USERS = ['u-0', 'u-1', 'u-2'];
const ARCHIVES = ['a-0', 'a-1', 'a-2', 'a-3'];

/** The commands a model run draws from: small pools so that they collide. */
export function ledgerModelCommands(): fc.Arbitrary<LedgerCommand>[] {
  const device = fc.constantFrom(...DEVICES);
  const user = fc.constantFrom(...USERS);
  const archive = fc.constantFrom(...ARCHIVES);
  const make = (type: Command['type']) => (data: unknown) => new LedgerCommand(type, data);
  return [
    fc.record({ deviceId: device, userId: user }).map(make('ActivateDevice')),
    fc.record({ deviceId: device, userId: user }).map(make('ActivateDevice')),
    fc.record({ deviceId: device }).map(make('DeactivateDevice')),
    fc.record({ deviceId: device }).map(make('ReactivateDevice')),
    fc.record({ archiveId: archive, deviceId: device }).map(make('RecordArchive')),
    fc.record({ archiveId: archive, deviceId: device }).map(make('RecordArchive')),
    fc
      .record({ archiveId: archive, reason: fc.constantFrom('cold-storage-purge', 'retention-expired') })
      .map(make('PurgeArchive')),
    fc
      .record({ userId: user, reason: fc.constantFrom('admin', 'canceled', 'ineligible') })
      .map(make('DeactivateUser')),
    fc.record({ cap: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }) }).map(make('SetLicenseCap')),
  ];
}

export interface LedgerModelSetup {
  readonly plan: Plan;
  readonly coldStorage: boolean;
}

/** The property behind runLedgerModel, for fc.check / fc.assert with your own parameters. */
export function ledgerModelProperty(
  makeStore: () => EventStore | Promise<EventStore>,
  options: Pick<LedgerModelOptions, 'maxCommands' | 'closeStore'> = {},
) {
  const runId = randomUUID().slice(0, 8);
  let runs = 0;
  return fc.asyncProperty(
    fc.record({ plan: arbSmallPlan(), coldStorage: fc.boolean() }),
    fc.commands(ledgerModelCommands(), { maxCommands: options.maxCommands ?? 25 }),
    async (setup: LedgerModelSetup, commands) => {
      runs += 1;
      // Unique per run: a store shared between runs (a server) never mixes two histories.
      const orgId = `model-${runId}-${runs}`;
      const store = await makeStore();
      let tick = 0;
      const handler = createCommandHandler({
        store,
        clock: () => epochMsToInstant(CLOCK_START_MS + 1000 * tick++),
      });
      try {
        await handler.handle({
          type: 'RegisterOrganization',
          orgId,
          at: '2026-01-01T00:00:00Z',
          data: {
            name: 'Model Org',
            serialCode: 'SC-M',
            billingAccount: 'BA-M',
            timeZone: 'UTC',
            currency: 'EUR',
            coldStorage: setup.coldStorage,
          },
        });
        await handler.handle({
          type: 'StartSubscription',
          orgId,
          at: '2026-01-01T00:00:01Z',
          data: { startDate: '2026-01-15', plan: setup.plan },
        });
        const model = createLedgerModel(orgId, setup.plan, setup.coldStorage);
        await fc.asyncModelRun(() => ({ model, real: { store, handler, orgId } }), commands);
      } finally {
        if (options.closeStore !== false) await store.close();
      }
    },
  );
}

/**
 * Runs the model-based ledger test against the stores `makeStore` returns (one per run; a new
 * in-memory store, or a client of your adapter). Resolves when every run agrees with the model;
 * rejects with fast-check's report (seed, path and the shrunk command list) otherwise.
 */
export async function runLedgerModel(
  makeStore: () => EventStore | Promise<EventStore>,
  options: LedgerModelOptions = {},
): Promise<void> {
  const parameters: fc.Parameters<[LedgerModelSetup, Iterable<fc.AsyncCommand<LedgerModel, LedgerReal>>]> = {
    numRuns: options.numRuns ?? 25,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
  };
  await fc.assert(ledgerModelProperty(makeStore, options), parameters);
}
