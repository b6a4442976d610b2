import type * as t from 'io-ts';
import { strictObject } from './combinators.js';
import { eventCodec } from './envelope.js';
import { NonEmptyString } from './strings.js';
import type { Equals } from './type-equality.js';
import type { DeviceDeactivated as DeviceDeactivatedEvent } from './types.js';

export const DeviceDeactivated = eventCodec(
  'DeviceDeactivated',
  strictObject('DeviceDeactivated data', { deviceId: NonEmptyString }),
);
export type DeviceDeactivated = DeviceDeactivatedEvent;

true satisfies Equals<t.TypeOf<typeof DeviceDeactivated>, DeviceDeactivatedEvent>;
