// The public API of @tally/domain: explicit named exports, grouped by module.

export type { InvoiceAtOptions, InvoicesBetweenOptions } from './billing/api.js';
export {
  invoiceAt,
  invoiceAtFold,
  invoicesBetween,
  invoicesBetweenFold,
  onlyInvoice,
  scheduleBillingDate,
} from './billing/api.js';
export type { BillingError, BillingErrorCode } from './billing/errors.js';
export { isBillingError } from './billing/errors.js';
export type {
  AdjustmentExplanation,
  ExplainAdjustmentOptions,
  ExplainLineOptions,
  InvoiceLineExplanation,
  LateEvent,
} from './billing/explain.js';
export { explainAdjustment, explainInvoiceLine } from './billing/explain.js';
export type { BillingFacts, BillingModel, CollectOptions, Term } from './billing/facts.js';
export { BILLING_FACT_TYPES, collectBillingFacts } from './billing/facts.js';
export type { InvoiceFormat, InvoicesFormat } from './billing/formats/invoice-formats.js';
export {
  CSV_ISSUED_COLUMNS,
  formatInvoice,
  formatInvoices,
  formatShownInvoice,
  formatShownInvoices,
  INVOICE_FORMATS,
  INVOICES_FORMATS,
  serializeIssuedInvoiceJson,
} from './billing/formats/invoice-formats.js';
export type { Invoice, InvoiceLine, InvoiceLineKind, LineBasis, ServicePeriod } from './billing/invoice.js';
export { serializeInvoice, serializeInvoiceJson, toInvoiceJson } from './billing/invoice.js';
export type { InvoiceFold, InvoiceQuery, Scheduler } from './billing/invoice-fold.js';
export { createInvoiceFold, invoicesOfTimeline, planInvoices } from './billing/invoice-fold.js';
export type { IssueQuery } from './billing/issue.js';
export {
  composeIssuedInvoice,
  correctionWindowOf,
  DEFAULT_CORRECTION_WINDOW_MONTHS,
  dueBillingDates,
  invoiceNumber,
  issuedNumbers,
  recomposeIssuedInvoice,
} from './billing/issue.js';
export type { IssuedInvoicesFold, IssuedKnownAtQuery, ShownInvoice } from './billing/issued-known-at.js';
export {
  createIssuedInvoicesFold,
  issuedInvoicesKnownAt,
  showInvoice,
  showInvoices,
} from './billing/issued-known-at.js';
export type { LiveFigures, LiveFiguresInput } from './billing/live-figures.js';
export { liveFigures } from './billing/live-figures.js';
export type { ManifestDifference } from './billing/manifest.js';
export {
  ENGINE_VERSION,
  hostTzdbVersion,
  invoiceManifest,
  manifestDifferences,
  RULES_VERSION,
} from './billing/manifest.js';
export { priceInvoices } from './billing/pricing.js';
export type { BillingSchedule, ScheduledBilling } from './billing/schedule.js';
export { scheduleInvoices } from './billing/schedule.js';
export { addMonthsClamped, addYearsClamped, monthlyDates } from './calendar/anchored.js';
export { compareDates, daysBetween } from './calendar/civil-date.js';
export { DateOutOfRangeError, isDateOutOfRangeError } from './calendar/date-range.js';
export { DEFAULT_TALLY_SCHEDULE, tallyDates } from './calendar/tally-dates.js';
export { startOfDate, tallyInstant } from './calendar/zoned.js';
export type { Counts, SnapshotOptions } from './counting/counts.js';
export { countAt, countsAt } from './counting/counts-at.js';
export type { CountedDevice, CountedUser, CountsExplanation, EventRef } from './counting/explain.js';
export { explainCountsAt } from './counting/explain.js';
export type { CountsQuery, SnapshotCounter } from './counting/snapshot-counter.js';
export { countsOfTimeline, countsQuery, createSnapshotCounter } from './counting/snapshot-counter.js';
export type {
  ActivateDevice,
  CancelSubscription,
  Command,
  CommandEnvelope,
  CommandType,
  DeactivateDevice,
  DeactivateUser,
  IssueDueInvoices,
  IssueInvoice,
  IssuingManifest,
  ManualPurgeReason,
  PurgeArchive,
  ReactivateDevice,
  RecordArchive,
  RegisterOrganization,
  RenewSubscription,
  SetLicenseCap,
  StartSubscription,
} from './decide/commands.js';
export type { LogInconsistency } from './decide/consistency.js';
export { checkEvent, replayChecked } from './decide/consistency.js';
export type { Decision } from './decide/decide.js';
export { decide } from './decide/decide.js';
export type { Decider, OrgDecider } from './decide/decider.js';
export { orgDecider } from './decide/decider.js';
export type { DecisionError, DecisionErrorCode } from './decide/errors.js';
export { DECISION_ERROR_CODES, isDecisionError } from './decide/errors.js';
export type { OrgRegistration, OrgState, OrgSubscription } from './decide/org-state.js';
export {
  applyCheckedOrgEvent,
  applyOrgEvent,
  cloneOrgState,
  evolve,
  foldOrgEvents,
  initialOrgState,
} from './decide/org-state.js';
export type { OrgStateJson } from './decide/org-state-codec.js';
export {
  decodeOrgState,
  encodeOrgState,
  ORG_STATE_VERSION,
  staleOrgStateReason,
} from './decide/org-state-codec.js';
export type { BoundaryCounts } from './entities/counts-sweep.js';
export { countsAtBoundaries } from './entities/counts-sweep.js';
export { InconsistentEventError, isInconsistentEventError } from './entities/inconsistent-event.js';
export type { NumberColumn } from './entities/number-column.js';
export type { ArchiveRecord, DeviceRecord, EntityRecords, UserRecord } from './entities/records.js';
export { entityRecords } from './entities/records.js';
export type { EntityRefusal, EntityRefusalCode } from './entities/refusals.js';
export type { EntityEvent, TimelineOptions } from './entities/timeline.js';
export { EntityTimeline, isEntityEvent } from './entities/timeline.js';
export type { TimelineJson } from './entities/timeline-codec.js';
export { decodeTimeline, encodeTimeline } from './entities/timeline-codec.js';
export { TimelineFold } from './entities/timeline-fold.js';
export { ArchiveCreated } from './events/ArchiveCreated.js';
export { ArchivePurged } from './events/ArchivePurged.js';
export { canonicalJson } from './events/canonical-json.js';
export { CivilDateCodec, isCivilDate, parseCivilDate } from './events/civil-date.js';
export { CurrencyCodec } from './events/currency-code.js';
export { DeviceActivated } from './events/DeviceActivated.js';
export { DeviceDeactivated } from './events/DeviceDeactivated.js';
export { DeviceReactivated } from './events/DeviceReactivated.js';
export { DecimalAmount, Price } from './events/decimal.js';
export { type DecodeContext, decodeEvent, decodeEventBytes, decodeEventLine } from './events/decode.js';
export { canonicalEventJson, encodeEvent, serializeEvent } from './events/encode.js';
export { type EventDecodeError, formatLogLineError, type LogLineError } from './events/errors.js';
export { decodeUtf8, invalidUtf8Problem } from './events/fast-line/utf8.js';
export { InvoiceIssued, upcastInvoiceIssuedV1, upcastInvoiceV1 } from './events/InvoiceIssued.js';
export { InvoiceIssuedV1 } from './events/InvoiceIssuedV1.js';
export { AdjustmentLineJson, InvoiceIssuedV2, IssuedInvoiceJsonV2 } from './events/InvoiceIssuedV2.js';
export { InvoiceJson, InvoiceLineJson } from './events/InvoiceJson.js';
export { InstantCodec, isCanonicalInstant, parseInstant } from './events/instant.js';
export { LicenseCapSet } from './events/LicenseCapSet.js';
export { createLogDecoder, type LogDecoder } from './events/log-decoder.js';
export { OrganizationRegistered } from './events/OrganizationRegistered.js';
export { PerDeviceMonthlyPlan, PerDeviceYearlyPlan, PerUserPlan, Plan, TallyMonth } from './events/Plan.js';
export { SubscriptionCanceled } from './events/SubscriptionCanceled.js';
export { SubscriptionRenewed } from './events/SubscriptionRenewed.js';
export { SubscriptionStarted } from './events/SubscriptionStarted.js';
export { EVENT_TYPES, isEventType, TallyEventCodec } from './events/TallyEventCodec.js';
export { isTimeZone, parseTimeZone, TimeZoneCodec } from './events/time-zone.js';
export type {
  ArchivePurgeReason,
  CivilDate,
  DecimalString,
  EventEnvelope,
  Instant,
  InvoiceManifest,
  IssuedInvoiceJson,
  IssuedLineJson,
  PendingEvent,
  Rounding,
  TallyEvent,
  TallyEventType,
  UserDeactivationReason,
} from './events/types.js';
export { UserDeactivated } from './events/UserDeactivated.js';
export type { EventIdRecord, RecallEventId } from './log/event-id-table.js';
export { EventIdTable } from './log/event-id-table.js';
export { LINE_TOO_LONG, MAX_LINE_BYTES } from './log/line-limits.js';
export type { LogCheck, LogChecker, LogCheckerOptions, LogRefusal } from './log/log-checker.js';
export { createLogChecker, decodeProblem, eventIdOfAcceptedLine } from './log/log-checker.js';
export { currencyMinorDigits } from './money/currency.js';
export { formatMoney, parseMoney } from './money/decimal.js';
export { INSTALLMENTS_PER_YEAR, installment } from './money/installment.js';
export { mulDivRound } from './money/rounding.js';
export { civilFromDays, daysFromCivil, epochMsToInstant, instantToEpochMs } from './time/instant.js';
