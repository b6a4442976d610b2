import type * as t from 'io-ts';
import { type Codec, strictObject } from './combinators.js';
import { eventCodec } from './envelope.js';
import type { Equals } from './type-equality.js';
import type { SubscriptionCanceled as SubscriptionCanceledEvent } from './types.js';

export const SubscriptionCanceled = eventCodec(
  'SubscriptionCanceled', // Closed and empty: the cancellation takes effect at occurredAt and carries nothing else.
  strictObject('SubscriptionCanceled data', {}) as Codec<Record<string, never>>,
);
export type SubscriptionCanceled = SubscriptionCanceledEvent;

true satisfies Equals<t.TypeOf<typeof SubscriptionCanceled>, SubscriptionCanceledEvent>;
