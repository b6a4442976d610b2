import { fc, test } from '@fast-check/vitest';
// The generators come from the kit users import; only this spec file depends on it.
import { arbCommand, arbCommands } from '@tally/testing';
import { describe, expect } from 'vitest';
import { entityRecords } from '../entities/records.js';
import type { TallyEvent } from '../events/types.js';
import type { Command } from './commands.js';
import { checkEvent, replayChecked } from './consistency.js';
import { decide } from './decide.js';
import { stamp } from './decide.spec-helper.js';
import { applyOrgEvent, cloneOrgState, foldOrgEvents, initialOrgState, type OrgState } from './org-state.js';

const RUNS = { numRuns: 100 };
const commandSequenceArbitrary = arbCommands();
const commandArbitrary = arbCommand();

/** Active devices per user, counted from the device records (not from the user counters). */
function activeDevicesByUser(state: OrgState): Map<string, number> {
  const counts = new Map<string, number>();
  for (const device of entityRecords(state.entities).devices.values()) {
    if (device.active) counts.set(device.userId, (counts.get(device.userId) ?? 0) + 1);
  }
  return counts;
}

/** The count the cap limits under the org's model, or undefined without a subscription. */
function cappedCount(state: OrgState): number | undefined {
  const model = state.subscription?.plan.model;
  if (model === undefined) return undefined;
  return model === 'per-user' ? state.entities.licenseHolders : state.entities.billableDevices;
}

interface Step {
  command: Command;
  accepted: boolean;
  events: TallyEvent[];
  before: { capped: number | undefined };
  after: OrgState;
}

/** Runs a sequence applying only accepted decisions; checks each event before applying it. */
function runSequence(
  commands: readonly Command[],
  onStep: (step: Step) => void,
): { state: OrgState; log: TallyEvent[] } {
  const state = initialOrgState();
  const log: TallyEvent[] = [];
  for (const command of commands) {
    const capped = cappedCount(state);
    const decision = decide(command, state);
    const events: TallyEvent[] = [];
    if (decision._tag === 'Right') {
      for (const pending of decision.right) {
        const event = stamp(pending, log.length);
        expect(checkEvent(state, event)).toBeUndefined();
        applyOrgEvent(state, event);
        log.push(event);
        events.push(event);
      }
    }
    onStep({ command, accepted: decision._tag === 'Right', events, before: { capped }, after: state });
  }
  return { state, log };
}

describe('decide properties', () => {
  test.prop([commandSequenceArbitrary], RUNS)(
    'no user ever has more active devices than maxDevicesPerUser',
    (commands) => {
      runSequence(commands, ({ after }) => {
        const limit = after.maxDevicesPerUser;
        if (limit === null) return;
        for (const [, active] of activeDevicesByUser(after)) expect(active).toBeLessThanOrEqual(limit);
      });
    },
  );

  test.prop([commandSequenceArbitrary], RUNS)(
    'no accepted command takes the capped count above the cap (a cap lowered below use only blocks growth)',
    (commands) => {
      runSequence(commands, ({ after, before }) => {
        const cap = after.licenseCap;
        const count = cappedCount(after);
        if (cap === null || count === undefined || count <= cap) return;
        expect(before.capped).toBeDefined();
        expect(count).toBeLessThanOrEqual(before.capped ?? 0);
      });
    },
  );

  test.prop([commandSequenceArbitrary], RUNS)(
    'every accepted event passes checkEvent in order, and replayChecked rebuilds the same state',
    (commands) => {
      const { state, log } = runSequence(commands, () => {});
      expect(replayChecked(log)).toEqual({ _tag: 'Right', right: state });
      expect(foldOrgEvents(initialOrgState(), log)).toEqual(state);
    },
  );

  test.prop([commandSequenceArbitrary, commandArbitrary], RUNS)(
    'decide is deterministic and leaves its state untouched',
    (commands, next) => {
      const { state } = runSequence(commands, () => {});
      const copy = cloneOrgState(state);
      const first = decide(next, state);
      expect(decide(next, copy)).toEqual(first);
      expect(decide(next, state)).toEqual(first);
      expect(state).toEqual(copy);
    },
  );

  test.prop([commandSequenceArbitrary], RUNS)(
    'every emitted event carries the command orgId and its instant; rejections emit nothing',
    (commands) => {
      runSequence(commands, ({ command, accepted, events }) => {
        if (!accepted) expect(events).toEqual([]);
        for (const event of events) {
          expect(event.orgId).toBe(command.orgId);
          expect(event.occurredAt).toBe(command.at);
        }
      });
    },
  );

  test('the generator reaches the states the properties are about (limits, caps, cascades)', () => {
    // A check on the generator, so the properties above cannot pass vacuously.
    const seen = new Set<string>();
    fc.assert(
      fc.property(commandSequenceArbitrary, (commands) => {
        runSequence(commands, ({ command, events }) => {
          if (events.length > 1) seen.add(`cascade ${command.type}`);
        });
        const state = initialOrgState();
        for (const command of commands) {
          const decision = decide(command, state);
          if (decision._tag === 'Left') seen.add(decision.left.code);
          else for (const pending of decision.right) applyOrgEvent(state, stamp(pending, state.version));
        }
      }),
      { numRuns: 100, seed: 42 },
    );
    for (const expected of [
      'DeviceLimitReached',
      'LicenseCapReached',
      'cascade DeactivateUser',
      'cascade DeactivateDevice',
    ]) {
      expect(seen).toContain(expected);
    }
  });
});
