// All event types in one codec, dispatching on `type` (checked first, so an unknown type is
// reported as such, with the list of known ones).
import type * as t from 'io-ts';
import { ArchiveCreated } from './ArchiveCreated.js';
import { ArchivePurged } from './ArchivePurged.js';
import { taggedUnion } from './combinators.js';
import { DeviceActivated } from './DeviceActivated.js';
import { DeviceDeactivated } from './DeviceDeactivated.js';
import { DeviceReactivated } from './DeviceReactivated.js';
import { InvoiceIssued } from './InvoiceIssued.js';
import { LicenseCapSet } from './LicenseCapSet.js';
import { OrganizationRegistered } from './OrganizationRegistered.js';
import { SubscriptionCanceled } from './SubscriptionCanceled.js';
import { SubscriptionRenewed } from './SubscriptionRenewed.js';
import { SubscriptionStarted } from './SubscriptionStarted.js';
import { quote, show } from './show.js';
import type { Equals } from './type-equality.js';
import type { TallyEvent, TallyEventType } from './types.js';
import { UserDeactivated } from './UserDeactivated.js';

const codecsByType = {
  OrganizationRegistered,
  SubscriptionStarted,
  SubscriptionRenewed,
  SubscriptionCanceled,
  LicenseCapSet,
  DeviceActivated,
  DeviceDeactivated,
  DeviceReactivated,
  ArchiveCreated,
  ArchivePurged,
  UserDeactivated,
  InvoiceIssued,
};

/** The event types of wire format version 1 (docs/wire-format.md#event-types-and-their-data order). */
export const EVENT_TYPES = Object.keys(codecsByType) as readonly TallyEventType[];

export const isEventType = (name: unknown): name is TallyEventType =>
  typeof name === 'string' && Object.hasOwn(codecsByType, name);

const knownList = `(known: ${EVENT_TYPES.join(', ')})`;

export const TallyEventCodec = taggedUnion('a Tally event', 'type', codecsByType, (type) =>
  typeof type === 'string'
    ? `${quote(type)} is not a known event type ${knownList}`
    : `expected an event type name, got ${show(type)} ${knownList}`,
);

true satisfies Equals<t.TypeOf<typeof TallyEventCodec>, TallyEvent>;
true satisfies Equals<(typeof EVENT_TYPES)[number], TallyEventType>;
