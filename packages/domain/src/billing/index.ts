export type { InvoiceAtOptions, InvoicesBetweenOptions } from './api.js';
export {
  eventsOfOrg,
  invoiceAt,
  invoiceAtFold,
  invoicesBetween,
  invoicesBetweenFold,
  onlyInvoice,
  scheduleBillingDate,
} from './api.js';
export type { BillingError, BillingErrorCode } from './errors.js';
export { billingError, isBillingError } from './errors.js';
export type { ExplainLineOptions, InvoiceLineExplanation } from './explain.js';
export { explainInvoiceLine } from './explain.js';
export type { BillingFacts, BillingModel, CollectOptions, Term } from './facts.js';
export { BILLING_FACT_TYPES, collectBillingFacts } from './facts.js';
export type { Invoice, InvoiceLine, InvoiceLineKind, LineBasis, ServicePeriod } from './invoice.js';
export { makeInvoice, serializeInvoice, serializeInvoiceJson, toInvoiceJson } from './invoice.js';
export type { InvoiceFold, InvoiceQuery, Scheduler } from './invoice-fold.js';
export { createInvoiceFold, invoicesOfTimeline, planInvoices } from './invoice-fold.js';
export { priceInvoices } from './pricing.js';
export type { BillingSchedule, BillingStatus, ScheduledBilling } from './schedule.js';
export { billingStatus, monthIndexAtOrAfter, scheduleInvoices } from './schedule.js';
