import type * as t from 'io-ts';
import { CivilDateCodec } from './civil-date.js';
import { failAt, oneOf, optional, strictObject, withCheck } from './combinators.js';
import { Price } from './decimal.js';
import { eventCodec } from './envelope.js';
import type { Equals } from './type-equality.js';
import type { SubscriptionRenewed as SubscriptionRenewedEvent } from './types.js';

// A renewal changes the price of one model: giving both prices would leave a reader guessing.
const RenewalData = withCheck(
  strictObject('SubscriptionRenewed data', {
    termStart: CivilDateCodec,
    termYears: optional(oneOf([1, 2])),
    annualPricePerLicense: optional(Price),
    annualPricePerDevice: optional(Price),
  }),
  (data, context) =>
    data.annualPricePerLicense !== undefined && data.annualPricePerDevice !== undefined
      ? failAt(
          context,
          ['annualPricePerDevice'],
          data.annualPricePerDevice,
          'not allowed together with annualPricePerLicense (a plan is per-user or per-device)',
        )
      : { _tag: 'Right', right: data },
);

export const SubscriptionRenewed = eventCodec('SubscriptionRenewed', RenewalData);
export type SubscriptionRenewed = SubscriptionRenewedEvent;

true satisfies Equals<t.TypeOf<typeof SubscriptionRenewed>, SubscriptionRenewedEvent>;
