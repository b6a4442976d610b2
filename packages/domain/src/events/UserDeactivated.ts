import type * as t from 'io-ts';
import { oneOf, strictObject } from './combinators.js';
import { eventCodec } from './envelope.js';
import { NonEmptyString } from './strings.js';
import type { Equals } from './type-equality.js';
import type { UserDeactivated as UserDeactivatedEvent } from './types.js';

export const UserDeactivated = eventCodec(
  'UserDeactivated',
  strictObject('UserDeactivated data', {
    userId: NonEmptyString,
    reason: oneOf(['canceled', 'ineligible', 'admin']),
  }),
);
export type UserDeactivated = UserDeactivatedEvent;

true satisfies Equals<t.TypeOf<typeof UserDeactivated>, UserDeactivatedEvent>;
