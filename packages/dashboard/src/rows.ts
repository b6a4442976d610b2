// One table row per org, as the dashboard page shows it and the server sends it: the live
// projection's figures flattened to strings and numbers (money as the invoice prints it).
import { toInvoiceJson } from '@tally/domain';
import type { LiveOrg, LiveSnapshot } from '@tally/ledger';

export interface DashboardRow {
  readonly orgId: string;
  readonly name: string | null;
  readonly model: string | null;
  readonly events: number;
  readonly activeDevices: number;
  readonly billableDevices: number;
  readonly licensesInUse: number;
  readonly licenseHolders: number;
  readonly nextBillingDate: string | null;
  readonly nextTallyAt: string | null;
  readonly billableAtNextTally: number | null;
  readonly licensesAtNextTally: number | null;
  readonly allocation: number | null;
  readonly allocationLeft: number | null;
  /** The next invoice's total with its currency, e.g. `120.00 USD`. */
  readonly nextInvoiceTotal: string | null;
  readonly note: string | null;
  readonly problem: string | null;
}

export function rowOf(org: LiveOrg): DashboardRow {
  const invoice = org.nextInvoice === null ? null : toInvoiceJson(org.nextInvoice);
  return {
    orgId: org.orgId,
    name: org.name,
    model: org.model,
    events: org.events,
    activeDevices: org.countsNow.activeDevices,
    billableDevices: org.countsNow.billableDevices,
    licensesInUse: org.countsNow.licensesInUse,
    licenseHolders: org.countsNow.licenseHolders,
    nextBillingDate: org.nextBillingDate,
    nextTallyAt: org.nextTallyAt,
    billableAtNextTally: org.countsAtNextTally?.billableDevices ?? null,
    licensesAtNextTally: org.countsAtNextTally?.licensesInUse ?? null,
    allocation: org.allocation,
    allocationLeft: org.allocationLeft,
    nextInvoiceTotal: invoice === null ? null : `${invoice.total} ${invoice.currency}`,
    note: org.note,
    problem: org.problem,
  };
}

/** Every org's row, sorted by org id. */
export const rowsOf = (snapshot: LiveSnapshot): DashboardRow[] =>
  Object.values(snapshot.orgs)
    .map(rowOf)
    .sort((a, b) => (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0));
