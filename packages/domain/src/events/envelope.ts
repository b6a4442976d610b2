// The fields every event carries, in wire order: type, schemaVersion (optional), eventId, orgId,
// occurredAt, recordedAt, data. `schemaVersion` absent means 1 (docs/wire-format.md#versions).
import { type Codec, literal, optional, primitive, strictObject } from './combinators.js';
import { InstantCodec } from './instant.js';
import { show } from './show.js';
import { NonEmptyString } from './strings.js';

/** The versions of `type` that decode; any other is refused naming them. */
export function schemaVersionOf<V extends number>(type: string, versions: readonly V[]): Codec<V> {
  const known = versions.length === 1 ? `only version ${versions[0]}` : `versions ${versions.join(' and ')}`;
  return primitive(`a schema version of ${type}`, (input) =>
    versions.includes(input as V)
      ? { _tag: 'Right', right: input as V }
      : { _tag: 'Left', left: `${type} has ${known}, got ${show(input)}` },
  );
}

/** An event of version 1, the only version of every type but InvoiceIssued. */
export function eventCodec<Type extends string, Data>(type: Type, data: Codec<Data>) {
  return strictObject(`a ${type} event`, {
    type: literal(type),
    schemaVersion: optional(schemaVersionOf(type, [1] as const)),
    eventId: NonEmptyString,
    orgId: NonEmptyString,
    occurredAt: InstantCodec,
    recordedAt: InstantCodec,
    data,
  });
}

/** An event of a later version: `schemaVersion` is required and is that version. */
export function versionedEventCodec<Type extends string, V extends number, Data>(
  type: Type,
  version: V,
  data: Codec<Data>,
) {
  return strictObject(`a ${type} event of version ${version}`, {
    type: literal(type),
    schemaVersion: schemaVersionOf(type, [version] as const),
    eventId: NonEmptyString,
    orgId: NonEmptyString,
    occurredAt: InstantCodec,
    recordedAt: InstantCodec,
    data,
  });
}
