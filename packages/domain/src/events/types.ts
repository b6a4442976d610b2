// The domain events of docs/wire-format.md as TypeScript types. The io-ts codecs in this folder decode
// wire JSON into exactly these shapes (a compile-time check in each codec file keeps them equal).

/** A UTC instant in canonical ISO-8601 form: `2026-03-07T07:00:00Z`, or with milliseconds
 * (`2026-03-07T07:00:00.25Z`, trailing zeros dropped) when they are not zero. */
export type Instant = string;
/** A civil date, `YYYY-MM-DD`, read in the organization's time zone. */
export type CivilDate = string;
/** A decimal amount as written on the wire (`"10.00"`), at most the currency's minor digits. */
export type DecimalString = string;

export type Rounding = 'half-up' | 'half-even';

export interface EventEnvelope<Type extends string, Data> {
  readonly type: Type;
  readonly eventId: string;
  readonly orgId: string;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  readonly data: Data;
}

export interface TallyMonth {
  readonly month: number;
  readonly day: number;
}

export interface PerUserPlan {
  readonly model: 'per-user';
  readonly annualPricePerLicense: DecimalString;
  readonly initialLicenses: number;
  readonly maxDevicesPerUser?: number;
  readonly tallySchedule?: readonly TallyMonth[];
}

export interface PerDeviceMonthlyPlan {
  readonly model: 'per-device';
  readonly billing: 'monthly';
  readonly monthlyPricePerDevice: DecimalString;
  readonly maxDevicesPerUser?: number;
}

export interface PerDeviceYearlyPlan {
  readonly model: 'per-device';
  readonly billing: 'yearly';
  readonly termYears: 1 | 2;
  readonly annualPricePerDevice: DecimalString;
  readonly devices: number;
  readonly maxDevicesPerUser?: number;
}

export type Plan = PerUserPlan | PerDeviceMonthlyPlan | PerDeviceYearlyPlan;

export type ArchivePurgeReason =
  | 'cold-storage-purge'
  | 'retention-expired'
  | 'deactivation'
  | 'canceled'
  | 'ineligible';
export type UserDeactivationReason = 'canceled' | 'ineligible' | 'admin';

export interface InvoiceLineJson {
  readonly kind: 'installment' | 'devices' | 'minimum' | 'term' | 'overage';
  readonly description: string;
  readonly quantity: number;
  readonly unitAmount: DecimalString;
  readonly amount: DecimalString;
  readonly servicePeriod: { readonly start: CivilDate; readonly end: CivilDate };
  readonly tallyAt: Instant | null;
}

/** The invoice object (docs/billing.md#invoice-shape-and-bytes), exactly as serialized. */
export interface InvoiceJson {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  readonly currency: string;
  readonly asKnownAt: Instant;
  readonly lines: readonly InvoiceLineJson[];
  readonly total: DecimalString;
}

export type OrganizationRegistered = EventEnvelope<
  'OrganizationRegistered',
  {
    readonly name: string;
    readonly serialCode: string;
    readonly billingAccount: string;
    readonly timeZone: string;
    readonly currency: string;
    readonly rounding?: Rounding;
    readonly coldStorage: boolean;
  }
>;
export type SubscriptionStarted = EventEnvelope<
  'SubscriptionStarted',
  { readonly startDate: CivilDate; readonly tallyLeadHours?: number; readonly plan: Plan }
>;
export type SubscriptionRenewed = EventEnvelope<
  'SubscriptionRenewed',
  {
    readonly termStart: CivilDate;
    readonly termYears?: 1 | 2;
    readonly annualPricePerLicense?: DecimalString;
    readonly annualPricePerDevice?: DecimalString;
  }
>;
export type SubscriptionCanceled = EventEnvelope<'SubscriptionCanceled', Record<string, never>>;
export type LicenseCapSet = EventEnvelope<'LicenseCapSet', { readonly cap: number | null }>;
export type DeviceActivated = EventEnvelope<
  'DeviceActivated',
  { readonly deviceId: string; readonly userId: string }
>;
export type DeviceDeactivated = EventEnvelope<'DeviceDeactivated', { readonly deviceId: string }>;
export type DeviceReactivated = EventEnvelope<'DeviceReactivated', { readonly deviceId: string }>;
export type ArchiveCreated = EventEnvelope<
  'ArchiveCreated',
  { readonly archiveId: string; readonly deviceId: string }
>;
export type ArchivePurged = EventEnvelope<
  'ArchivePurged',
  { readonly archiveId: string; readonly reason: ArchivePurgeReason }
>;
export type UserDeactivated = EventEnvelope<
  'UserDeactivated',
  { readonly userId: string; readonly reason: UserDeactivationReason }
>;
export type InvoiceIssued = EventEnvelope<'InvoiceIssued', InvoiceJson>;

export type TallyEvent =
  | OrganizationRegistered
  | SubscriptionStarted
  | SubscriptionRenewed
  | SubscriptionCanceled
  | LicenseCapSet
  | DeviceActivated
  | DeviceDeactivated
  | DeviceReactivated
  | ArchiveCreated
  | ArchivePurged
  | UserDeactivated
  | InvoiceIssued;

export type TallyEventType = TallyEvent['type'];

/** An event as a decider emits it: the ledger stamps `eventId` and `recordedAt` on append. */
export type PendingEvent<E extends TallyEvent = TallyEvent> = E extends TallyEvent
  ? Omit<E, 'eventId' | 'recordedAt'>
  : never;
