// Near 9999-12-31 the decider and the log checker agree: a command whose term would end past the
// last date Tally handles is refused with the checker's words, and every event the decider
// accepts applies and is accepted by the checker (nothing is appended that readers refuse).
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import type { Plan } from '../events/types.js';
import { checkEvent } from './consistency.js';
import { decide } from './decide.js';
import {
  given,
  PER_DEVICE_MONTHLY,
  PER_DEVICE_YEARLY,
  PER_USER,
  register,
  renew,
  stamp,
  start,
} from './decide.spec-helper.js';
import { applyOrgEvent, type OrgState } from './org-state.js';

const arbPlan: fc.Arbitrary<Plan> = fc.oneof(
  fc.constant(PER_USER),
  fc.constant(PER_DEVICE_MONTHLY),
  fc.constantFrom(1 as const, 2 as const).map((termYears) => ({ ...PER_DEVICE_YEARLY, termYears })),
);
const arbLateDate = fc
  .record({
    year: fc.integer({ min: 9996, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

/** Decides `command` on `state`; when accepted, the checker must accept each event and it is applied. */
function decideAndApply(state: OrgState, command: Parameters<typeof decide>[0], position: number): boolean {
  const decision = decide(command, state);
  if (decision._tag === 'Left') return false;
  decision.right.forEach((pending, i) => {
    const event = stamp(pending, position + i);
    expect(checkEvent(state, event)).toBeUndefined();
    applyOrgEvent(state, event);
  });
  return true;
}

test.prop([arbPlan, arbLateDate])(
  'a start whose term would end after 9999-12-31 is refused as the checker refuses its event',
  (plan, startDate) => {
    const { state } = given([register()]);
    const command = start(plan, startDate);
    const decision = decide(command, state);
    if (decision._tag === 'Right') {
      expect(decideAndApply(state, command, 1)).toBe(true);
      return;
    }
    expect(decision.left).toMatchObject({ code: 'InvalidCommand', field: 'data.startDate' });
    expect(decision.left.message).toMatch(
      /^data\.startDate: the term would end on \+01000\d-\d\d-\d\d, after 9999-12-31, the last date Tally handles$/,
    );
  },
);

test.prop([fc.constantFrom(1 as const, 2 as const), fc.integer({ min: 9990, max: 9997 })])(
  'a renewal whose term would end after 9999-12-31 is refused; every accepted one applies',
  (termYears, year) => {
    const plan = { ...PER_DEVICE_YEARLY, termYears };
    const { state, log } = given([register(), start(plan, `${year}-06-01`)]);
    let position = log.length;
    for (let renewals = 0; renewals < 12; renewals++) {
      const termEnd = state.subscription?.termEnd as string;
      const command = renew(termEnd);
      const decision = decide(command, state);
      if (decision._tag === 'Left') {
        expect(decision.left).toMatchObject({ code: 'InvalidCommand', field: 'data.termStart' });
        expect(decision.left.message).toContain('after 9999-12-31, the last date Tally handles');
        return;
      }
      expect(decideAndApply(state, command, position)).toBe(true);
      position += decision.right.length;
    }
    throw new Error('twelve renewals from 9997 or before never reached the end of the range');
  },
);
