import type * as t from 'io-ts';
import { CivilDateCodec } from './civil-date.js';
import { optional, strictObject } from './combinators.js';
import { eventCodec } from './envelope.js';
import { NonNegativeInteger } from './integers.js';
import { Plan } from './Plan.js';
import type { Equals } from './type-equality.js';
import type { SubscriptionStarted as SubscriptionStartedEvent } from './types.js';

export const SubscriptionStarted = eventCodec(
  'SubscriptionStarted',
  strictObject('SubscriptionStarted data', {
    startDate: CivilDateCodec,
    tallyLeadHours: optional(NonNegativeInteger),
    plan: Plan,
    correctionWindowMonths: optional(NonNegativeInteger),
  }),
);
export type SubscriptionStarted = SubscriptionStartedEvent;

true satisfies Equals<t.TypeOf<typeof SubscriptionStarted>, SubscriptionStartedEvent>;
