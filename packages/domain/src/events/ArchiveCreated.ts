import type * as t from 'io-ts';
import { strictObject } from './combinators.js';
import { eventCodec } from './envelope.js';
import { NonEmptyString } from './strings.js';
import type { Equals } from './type-equality.js';
import type { ArchiveCreated as ArchiveCreatedEvent } from './types.js';

export const ArchiveCreated = eventCodec(
  'ArchiveCreated',
  strictObject('ArchiveCreated data', { archiveId: NonEmptyString, deviceId: NonEmptyString }),
);
export type ArchiveCreated = ArchiveCreatedEvent;

true satisfies Equals<t.TypeOf<typeof ArchiveCreated>, ArchiveCreatedEvent>;
