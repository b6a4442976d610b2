import type * as t from 'io-ts';
import { nullable, strictObject } from './combinators.js';
import { eventCodec } from './envelope.js';
import { PositiveInteger } from './integers.js';
import type { Equals } from './type-equality.js';
import type { LicenseCapSet as LicenseCapSetEvent } from './types.js';

export const LicenseCapSet = eventCodec(
  'LicenseCapSet',
  strictObject('LicenseCapSet data', { cap: nullable(PositiveInteger) }),
);
export type LicenseCapSet = LicenseCapSetEvent;

true satisfies Equals<t.TypeOf<typeof LicenseCapSet>, LicenseCapSetEvent>;
