// The commands of docs/commands.md: requests for a change to one organization. A decider answers each
// with the events that record it or with a typed rejection (errors.ts); nothing else changes state.
import type {
  ArchivePurgeReason,
  CivilDate,
  Instant,
  InvoiceManifest,
  LicenseCapSet,
  OrganizationRegistered,
  SubscriptionRenewed,
  SubscriptionStarted,
  UserDeactivationReason,
} from '../events/types.js';

export interface CommandEnvelope<Type extends string, Data> {
  readonly type: Type;
  readonly orgId: string;
  /** When it happened: every event the command emits carries it as `occurredAt`. */
  readonly at: Instant;
  readonly data: Data;
}

/** Reasons an operator may give for purging one archive. `deactivation`, `canceled` and
 * `ineligible` are emitted only by the cascades of DeactivateDevice and DeactivateUser. */
export type ManualPurgeReason = Extract<ArchivePurgeReason, 'cold-storage-purge' | 'retention-expired'>;

export type RegisterOrganization = CommandEnvelope<'RegisterOrganization', OrganizationRegistered['data']>;
export type StartSubscription = CommandEnvelope<'StartSubscription', SubscriptionStarted['data']>;
export type RenewSubscription = CommandEnvelope<'RenewSubscription', SubscriptionRenewed['data']>;
export type CancelSubscription = CommandEnvelope<'CancelSubscription', Record<string, never>>;
export type SetLicenseCap = CommandEnvelope<'SetLicenseCap', LicenseCapSet['data']>;
export type ActivateDevice = CommandEnvelope<
  'ActivateDevice',
  { readonly deviceId: string; readonly userId: string }
>;
export type DeactivateDevice = CommandEnvelope<'DeactivateDevice', { readonly deviceId: string }>;
export type ReactivateDevice = CommandEnvelope<'ReactivateDevice', { readonly deviceId: string }>;
/** A device's first backup data: emits ArchiveCreated. */
export type RecordArchive = CommandEnvelope<
  'RecordArchive',
  { readonly archiveId: string; readonly deviceId: string }
>;
export type PurgeArchive = CommandEnvelope<
  'PurgeArchive',
  { readonly archiveId: string; readonly reason: ManualPurgeReason }
>;
export type DeactivateUser = CommandEnvelope<
  'DeactivateUser',
  { readonly userId: string; readonly reason: UserDeactivationReason }
>;

/** What computed the invoices a command issues (docs/billing.md#the-manifest), recorded on each; the
 * decider is pure, so the issuer (the ledger's command handler) brings it. Absent: `manifest: null`. */
export interface IssuingManifest {
  readonly manifest?: InvoiceManifest | undefined;
}

/** Issues the invoice of one billing date as known at `at` (docs/commands.md#issueinvoice). */
export type IssueInvoice = CommandEnvelope<
  'IssueInvoice',
  { readonly billingDate: CivilDate } & IssuingManifest
>;

/** Issues every invoice due at `at`, oldest first, each as known at `at` (docs/billing.md#the-billing-run):
 * what one organization's billing run decides. Nothing due, nothing emitted. */
export type IssueDueInvoices = CommandEnvelope<'IssueDueInvoices', IssuingManifest>;

export type Command =
  | RegisterOrganization
  | StartSubscription
  | RenewSubscription
  | CancelSubscription
  | SetLicenseCap
  | ActivateDevice
  | DeactivateDevice
  | ReactivateDevice
  | RecordArchive
  | PurgeArchive
  | DeactivateUser
  | IssueInvoice
  | IssueDueInvoices;

export type CommandType = Command['type'];
