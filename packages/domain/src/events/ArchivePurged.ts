import type * as t from 'io-ts';
import { oneOf, strictObject } from './combinators.js';
import { eventCodec } from './envelope.js';
import { NonEmptyString } from './strings.js';
import type { Equals } from './type-equality.js';
import type { ArchivePurged as ArchivePurgedEvent } from './types.js';

export const ArchivePurged = eventCodec(
  'ArchivePurged',
  strictObject('ArchivePurged data', {
    archiveId: NonEmptyString,
    reason: oneOf(['cold-storage-purge', 'retention-expired', 'deactivation', 'canceled', 'ineligible']),
  }),
);
export type ArchivePurged = ArchivePurgedEvent;

true satisfies Equals<t.TypeOf<typeof ArchivePurged>, ArchivePurgedEvent>;
