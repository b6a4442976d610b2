// The fields every event carries, in wire order: type, eventId, orgId, occurredAt, recordedAt, data.
import { type Codec, literal, strictObject } from './combinators.js';
import { InstantCodec } from './instant.js';
import { NonEmptyString } from './strings.js';

export function eventCodec<Type extends string, Data>(type: Type, data: Codec<Data>) {
  return strictObject(`a ${type} event`, {
    type: literal(type),
    eventId: NonEmptyString,
    orgId: NonEmptyString,
    occurredAt: InstantCodec,
    recordedAt: InstantCodec,
    data,
  });
}
