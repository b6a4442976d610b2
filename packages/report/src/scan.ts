// The one pass of a report over a log: the org's entity timeline (the domain's, each event
// checked where it lands in occurredAt order; every count of the report is read off it at the
// end), the few events that say who the org is and what it subscribed to, and the instants at
// which its devices and archives changed. Events themselves are not kept, so a caller can stream
// a large log through `push`.
import {
  BILLING_FACT_TYPES,
  createIssuedInvoicesFold,
  type EntityTimeline,
  type IssuedInvoiceJson,
  instantToEpochMs,
  isEntityEvent,
  type Plan,
  type TallyEvent,
  TimelineFold,
} from '@tally/domain';

export interface ReportScanOptions {
  readonly orgId: string;
  readonly asKnownAt: string;
}

/** For a caller whose events already went through the domain's log checker (which builds each
 * org's timeline as it checks): the scan reads that timeline, `undefined` while the org has no
 * event, instead of folding the events a second time. */
export interface SharedTimeline {
  readonly timeline: () => EntityTimeline | undefined;
}

export interface ReportScan {
  /** Feed every event of the log in stream order (other orgs' events are skipped); throws the
   * domain's InconsistentEventError at an event of the org that does not fit the ones before it. */
  push(event: TallyEvent): void;
  /** The org's devices, archives and users after every event pushed (recorded after asKnownAt
   * too: the counts read it as known at asKnownAt). */
  readonly timeline: EntityTimeline;
  /** What the scan kept, as known at asKnownAt: the billing events (BILLING_FACT_TYPES), the
   * org's name and plan as registered, and the distinct epoch ms of its entity events. */
  readonly subscriptionEvents: readonly TallyEvent[];
  readonly orgName: () => string | undefined;
  readonly plan: () => Plan | undefined;
  readonly changeInstantsMs: () => ReadonlySet<number>;
  /** The org's InvoiceIssued data known at asKnownAt, in stream order. */
  readonly issuedInvoices: readonly IssuedInvoiceJson[];
}

export function createReportScan(options: ReportScanOptions, shared?: SharedTimeline): ReportScan {
  const knownMs = instantToEpochMs(options.asKnownAt);
  const fold = new TimelineFold();
  const subscriptionEvents: TallyEvent[] = [];
  // Which invoices are issued as known at asKnownAt is the domain's rule (docs/cli.md#issued-invoices).
  const issued = createIssuedInvoicesFold(options);
  const changes = new Set<number>();
  let orgName: string | undefined;
  let plan: Plan | undefined;

  function push(event: TallyEvent): void {
    if (event.orgId !== options.orgId) return;
    if (shared === undefined) fold.push(event);
    issued.push(event);
    // An invalid asKnownAt filters nothing here: collectBillingFacts reports it.
    if (!Number.isNaN(knownMs) && instantToEpochMs(event.recordedAt) > knownMs) return;
    // (A UserDeactivated changes no count: its sample is dropped as unchanged.)
    if (isEntityEvent(event)) changes.add(instantToEpochMs(event.occurredAt));
    if (!BILLING_FACT_TYPES.has(event.type)) return;
    subscriptionEvents.push(event);
    if (event.type === 'OrganizationRegistered') orgName ??= event.data.name;
    if (event.type === 'SubscriptionStarted') plan ??= event.data.plan;
  }

  return {
    push,
    get timeline() {
      return shared?.timeline() ?? fold.timeline;
    },
    subscriptionEvents,
    orgName: () => orgName,
    plan: () => plan,
    changeInstantsMs: () => changes,
    get issuedInvoices() {
      return [...issued.result().values()];
    },
  };
}
