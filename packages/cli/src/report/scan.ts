// First pass of a report: keeps the few events that say who the org is and what it subscribed
// to, and the instants at which its devices and archives changed. Events themselves are not kept,
// so a caller can stream a large log through `push` and then make the second (counting) pass.
import { instantToEpochMs, type Plan, type TallyEvent } from '@tally/domain';

export interface ReportScanOptions {
  readonly orgId: string;
  readonly asKnownAt: string;
}

export interface ReportScan {
  /** Feed every event of the log (other orgs' events are skipped). */
  push(event: TallyEvent): void;
  /** What the scan kept: the subscription events (for `collectBillingFacts`), the org's name and
   * plan as registered, and the distinct epoch ms of the org's device and archive events. */
  readonly subscriptionEvents: readonly TallyEvent[];
  readonly orgName: () => string | undefined;
  readonly plan: () => Plan | undefined;
  readonly changeInstantsMs: () => ReadonlySet<number>;
}

export function createReportScan(options: ReportScanOptions): ReportScan {
  const knownMs = instantToEpochMs(options.asKnownAt);
  const subscriptionEvents: TallyEvent[] = [];
  const changes = new Set<number>();
  let orgName: string | undefined;
  let plan: Plan | undefined;

  function push(event: TallyEvent): void {
    if (event.orgId !== options.orgId) return;
    // An invalid asKnownAt filters nothing here: collectBillingFacts reports it.
    if (!Number.isNaN(knownMs) && instantToEpochMs(event.recordedAt) > knownMs) return;
    switch (event.type) {
      case 'OrganizationRegistered':
        orgName ??= event.data.name;
        subscriptionEvents.push(event);
        return;
      case 'SubscriptionStarted':
        plan ??= event.data.plan;
        subscriptionEvents.push(event);
        return;
      case 'SubscriptionRenewed':
      case 'SubscriptionCanceled':
        subscriptionEvents.push(event);
        return;
      case 'DeviceActivated':
      case 'DeviceReactivated':
      case 'DeviceDeactivated':
      case 'ArchiveCreated':
      case 'ArchivePurged':
        changes.add(instantToEpochMs(event.occurredAt));
        return;
      default:
        return;
    }
  }

  return {
    push,
    subscriptionEvents,
    orgName: () => orgName,
    plan: () => plan,
    changeInstantsMs: () => changes,
  };
}
