import type * as t from 'io-ts';
import { oneOf, optional, strictObject } from './combinators.js';
import { CurrencyCodec } from './currency-code.js';
import { eventCodec } from './envelope.js';
import { Bool, NonEmptyString } from './strings.js';
import { TimeZoneCodec } from './time-zone.js';
import type { Equals } from './type-equality.js';
import type { OrganizationRegistered as OrganizationRegisteredEvent } from './types.js';

export const OrganizationRegistered = eventCodec(
  'OrganizationRegistered',
  strictObject('OrganizationRegistered data', {
    name: NonEmptyString,
    serialCode: NonEmptyString,
    billingAccount: NonEmptyString,
    timeZone: TimeZoneCodec,
    currency: CurrencyCodec,
    rounding: optional(oneOf(['half-up', 'half-even'])),
    coldStorage: Bool,
  }),
);
export type OrganizationRegistered = OrganizationRegisteredEvent;

true satisfies Equals<t.TypeOf<typeof OrganizationRegistered>, OrganizationRegisteredEvent>;
