// Is a log a history the deciders could have written? checkEvent holds each event to the
// transitions decide allows (a first registration, known devices, archives and users, no double
// activation or purge, renewals at the term end); replayChecked folds a whole log and stops at
// the first event that breaks them. Business limits (device limit, license cap) are not checked
// here: they were decided on when the events were appended, and a history that exceeds today's
// plan is still the history that has to be billed.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { invoiceNumber, issuedNumbers } from '../billing/issue.js';
import { parseInstant } from '../counting/parse-instant.js';
import { isEntityEvent } from '../entities/timeline.js';
import type { IssuedInvoiceJson, TallyEvent } from '../events/types.js';
import { renewalFieldProblem } from '../subscription/renewal-fields.js';
import { termEndOutOfRange } from '../subscription/term-range.js';
import { applyCheckedOrgEvent, initialOrgState, type OrgState, renew, subscriptionOf } from './org-state.js';

export interface LogInconsistency {
  /** 0-based position of the event in the log (the line of a JSONL export, less one). */
  readonly index: number;
  readonly eventId: string;
  /** The field at fault, as a path (`data.deviceId`, `orgId`, `type`). */
  readonly field: string;
  /** What is wrong, starting with the field (`data.deviceId: device d-9 was never activated`). */
  readonly message: string;
}

type Finding = { readonly field: string; readonly problem: string } | undefined;

/** Why `event` cannot follow `state` in a log, or undefined when it can. The index reported is
 * `state.version`: the event's position when the state was replayed from the start of the log. */
export function checkEvent(state: OrgState, event: TallyEvent): LogInconsistency | undefined {
  const finding = findInconsistency(state, event);
  if (finding === undefined) return undefined;
  return {
    index: state.version,
    eventId: event.eventId,
    field: finding.field,
    message: `${finding.field}: ${finding.problem}`,
  };
}

/** A term that would end past 9999-12-31: the event that opens it is refused at its line. */
function termEndProblem(field: string, openTerm: () => unknown): Finding {
  const problem = termEndOutOfRange(openTerm);
  return problem === undefined ? undefined : { field, problem };
}

function findInconsistency(state: OrgState, event: TallyEvent): Finding {
  const registration = state.registration;
  if (registration === null) {
    return event.type === 'OrganizationRegistered'
      ? undefined
      : {
          field: 'type',
          problem: `${event.type} comes before OrganizationRegistered; a log starts with the registration`,
        };
  }
  if (event.orgId !== registration.orgId) {
    return {
      field: 'orgId',
      problem: `event is about organization ${event.orgId} but this log belongs to ${registration.orgId}`,
    };
  }
  if (isEntityEvent(event)) {
    // Devices, archives and users: the timeline judges the event where it lands in occurredAt
    // order (docs/counting.md, "Consistency in time").
    const refusal = state.entities.check(event, parseInstant(event.occurredAt, 'occurredAt'));
    return refusal === undefined ? undefined : { field: refusal.field, problem: refusal.problem };
  }
  const subscription = state.subscription;
  switch (event.type) {
    case 'OrganizationRegistered':
      return {
        field: 'type',
        problem: `organization ${registration.orgId} is already registered; a second OrganizationRegistered`,
      };
    case 'SubscriptionStarted':
      return subscription === null
        ? termEndProblem('data.startDate', () => subscriptionOf(event.data, event.occurredAt))
        : {
            field: 'type',
            problem: `a subscription already started on ${subscription.startDate}; a second SubscriptionStarted`,
          };
    case 'SubscriptionRenewed': {
      if (subscription === null)
        return { field: 'type', problem: 'SubscriptionRenewed before SubscriptionStarted' };
      if (subscription.canceledAt !== null) {
        return {
          field: 'type',
          problem: `SubscriptionRenewed after the subscription was canceled at ${subscription.canceledAt}`,
        };
      }
      const fields = renewalFieldProblem(subscription.plan, event.data);
      if (fields !== undefined) return fields;
      return event.data.termStart === subscription.termEnd
        ? termEndProblem('data.termStart', () => renew({ ...subscription }, event.data.termYears))
        : {
            field: 'data.termStart',
            problem: `renewal starts ${event.data.termStart} but the current term ends ${subscription.termEnd}`,
          };
    }
    case 'SubscriptionCanceled':
      if (subscription === null)
        return { field: 'type', problem: 'SubscriptionCanceled before SubscriptionStarted' };
      return subscription.canceledAt === null
        ? undefined
        : { field: 'type', problem: `the subscription was already canceled at ${subscription.canceledAt}` };
    case 'LicenseCapSet':
      return subscription === null
        ? { field: 'type', problem: 'LicenseCapSet before SubscriptionStarted' }
        : undefined;
    case 'InvoiceIssued':
      if (subscription === null)
        return { field: 'type', problem: 'InvoiceIssued before SubscriptionStarted' };
      if (event.data.orgId !== registration.orgId) {
        return {
          field: 'data.orgId',
          problem: `invoice is for organization ${event.data.orgId}, not ${registration.orgId}`,
        };
      }
      if (event.data.currency !== registration.currency) {
        return {
          field: 'data.currency',
          problem: `invoice is in ${event.data.currency} but the organization bills in ${registration.currency}`,
        };
      }
      return issuedInvoiceProblem(state, registration.serialCode, event.data);
    default:
      return undefined;
  }
}

/** docs/billing.md#issuing-invoices: one invoice per billing date (a second bills it twice), and a
 * version-2 number that counts on from the org's earlier invoices (no gap, no repeat). */
function issuedInvoiceProblem(state: OrgState, serialCode: string, data: IssuedInvoiceJson): Finding {
  const earlier = state.issuedInvoices.findIndex((invoice) => invoice.billingDate === data.billingDate);
  if (earlier >= 0) {
    const number = issuedNumbers(serialCode, state.issuedInvoices)[earlier] as string;
    return {
      field: 'data.billingDate',
      problem: `the invoice for ${data.billingDate} was issued already (${number}); a second one would bill the date twice`,
    };
  }
  const expected = invoiceNumber(serialCode, state.issuedInvoices.length + 1);
  return data.number === null || data.number === expected
    ? undefined
    : {
        field: 'data.number',
        problem: `"${data.number}" is not the next invoice number of the organization: ${expected} (invoice numbers count the org's InvoiceIssued events, without gaps)`,
      };
}

/** Folds a log from scratch, checking each event against the state before it; Left names the
 * first inconsistent event (index, eventId, field). Each event is applied exactly once and no
 * event is inferred. The fold mutates a state it owns (no copies), so a million events
 * cost a plain loop; the returned state belongs to the caller. */
export function replayChecked(events: Iterable<TallyEvent>): Either<LogInconsistency, OrgState> {
  const state = initialOrgState();
  const seen = new Map<string, number>();
  for (const event of events) {
    const index = state.version;
    const earlier = seen.get(event.eventId);
    if (earlier !== undefined) {
      return left({
        index,
        eventId: event.eventId,
        field: 'eventId',
        message: `eventId: ${event.eventId} already appears at index ${earlier}; event ids are unique`,
      });
    }
    seen.set(event.eventId, index);
    const inconsistency = checkEvent(state, event);
    if (inconsistency !== undefined) return left(inconsistency);
    applyCheckedOrgEvent(state, event);
  }
  return right(state);
}
