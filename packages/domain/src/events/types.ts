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

/** Every event may carry `schemaVersion` beside `type` (docs/wire-format.md#versions); absent
 * means 1. A decoded event keeps it as it was written, so it is written back the same. */
export interface EventEnvelope<Type extends string, Data, Version extends number = 1> {
  readonly type: Type;
  readonly schemaVersion?: Version;
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

/** An adjustment line (docs/billing.md#corrections): the difference between what the rules
 * now give for an earlier issued billing date and what was billed for it so far. */
export interface AdjustmentLineJson {
  readonly kind: 'adjustment';
  readonly description: string;
  /** The quantity difference; negative when fewer were due. */
  readonly quantity: number;
  readonly unitAmount: null;
  /** The amount difference; negative is a credit. */
  readonly amount: DecimalString;
  readonly servicePeriod: { readonly start: CivilDate; readonly end: CivilDate };
  readonly tallyAt: Instant | null;
  readonly corrects: {
    readonly invoiceNumber: string;
    readonly billingDate: CivilDate;
    readonly kind: InvoiceLineJson['kind'];
  };
}

export type IssuedLineJson = InvoiceLineJson | AdjustmentLineJson;

/** What computed an issued invoice; null until a sealing issuer fills it. */
export interface InvoiceManifest {
  readonly engineVersion: string;
  readonly rulesVersion: string;
  readonly tzdbVersion: string;
}

/** `InvoiceIssued.data` in its current version (2): the invoice of version 1 plus its number,
 * its document kind, adjustment lines and a manifest. A version-1 event is read as this with
 * `number: null`, `document: "invoice"` and `manifest: null` (docs/wire-format.md#versions). */
export interface IssuedInvoiceJson {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  readonly currency: string;
  readonly asKnownAt: Instant;
  readonly number: string | null;
  readonly document: 'invoice' | 'credit-note';
  readonly lines: readonly IssuedLineJson[];
  readonly total: DecimalString;
  readonly manifest: InvoiceManifest | null;
}

/** Version-2 data as written: a version-2 invoice always has its number. */
export interface IssuedInvoiceJsonV2 {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  readonly currency: string;
  readonly asKnownAt: Instant;
  readonly number: string;
  readonly document: 'invoice' | 'credit-note';
  readonly lines: readonly IssuedLineJson[];
  readonly total: DecimalString;
  readonly manifest: InvoiceManifest | null;
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
  {
    readonly startDate: CivilDate;
    readonly tallyLeadHours?: number;
    readonly plan: Plan;
    /** How many months back the next invoice corrects earlier issued ones; default 12, 0 off. */
    readonly correctionWindowMonths?: number;
  }
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
/** `InvoiceIssued` as version 1 writes it on the wire. */
export type InvoiceIssuedV1 = EventEnvelope<'InvoiceIssued', InvoiceJson>;
/** `InvoiceIssued` as version 2 writes it on the wire. */
export interface InvoiceIssuedV2 {
  readonly type: 'InvoiceIssued';
  readonly schemaVersion: 2;
  readonly eventId: string;
  readonly orgId: string;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  readonly data: IssuedInvoiceJsonV2;
}
/** `InvoiceIssued` as read: version 1 upcast to the version-2 data, `schemaVersion` kept. */
export type InvoiceIssued = EventEnvelope<'InvoiceIssued', IssuedInvoiceJson, 1 | 2>;

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
