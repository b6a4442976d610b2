import type * as t from 'io-ts';
import { strictObject } from './combinators.js';
import { eventCodec } from './envelope.js';
import { NonEmptyString } from './strings.js';
import type { Equals } from './type-equality.js';
import type { DeviceActivated as DeviceActivatedEvent } from './types.js';

export const DeviceActivated = eventCodec(
  'DeviceActivated',
  strictObject('DeviceActivated data', { deviceId: NonEmptyString, userId: NonEmptyString }),
);
export type DeviceActivated = DeviceActivatedEvent;

true satisfies Equals<t.TypeOf<typeof DeviceActivated>, DeviceActivatedEvent>;
