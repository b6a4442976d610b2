import type * as t from 'io-ts';
import { strictObject } from './combinators.js';
import { eventCodec } from './envelope.js';
import { NonEmptyString } from './strings.js';
import type { Equals } from './type-equality.js';
import type { DeviceReactivated as DeviceReactivatedEvent } from './types.js';

export const DeviceReactivated = eventCodec(
  'DeviceReactivated',
  strictObject('DeviceReactivated data', { deviceId: NonEmptyString }),
);
export type DeviceReactivated = DeviceReactivatedEvent;

true satisfies Equals<t.TypeOf<typeof DeviceReactivated>, DeviceReactivatedEvent>;
