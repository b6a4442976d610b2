// The demo: three sample organizations run through the command handler on any EventStore,
// then a year of their counts and invoices, as an auditor would read them. `main.ts` runs it
// on the embedded in-memory store; examples/eventstoredb/demo.ts runs it on EventStoreDB.
import {
  collectBillingFacts,
  countsAt,
  epochMsToInstant,
  formatMoney,
  type Instant,
  type Invoice,
  instantToEpochMs,
  invoicesBetween,
  scheduleInvoices,
  type TallyEvent,
} from '@tally/domain';
import { createCommandHandler, type EventStore, loadOrgEvents } from '@tally/ledger';
import { type Scenario, scenarios } from './scenarios.js';
import { renderTable } from './table.js';

/** Invoices are computed as known at this instant, so the demo prints the same bytes every run. */
const AS_KNOWN_AT: Instant = '2027-02-01T00:00:00Z';
/** The ledger records each command two seconds after it happened. */
const RECORDING_DELAY_MS = 2_000;

async function record(store: EventStore, scenario: Scenario): Promise<TallyEvent[]> {
  let now = 0;
  let nextId = 0;
  const handler = createCommandHandler({
    store,
    clock: () => epochMsToInstant(now),
    newEventId: () => `${scenario.orgId}-${String(++nextId).padStart(5, '0')}`,
  });
  for (const command of scenario.commands) {
    now = instantToEpochMs(command.at) + RECORDING_DELAY_MS;
    await handler.handle(command);
  }
  const events: TallyEvent[] = [];
  for await (const event of loadOrgEvents(store, scenario.orgId)) events.push(event);
  return events;
}

function countsTable(events: readonly TallyEvent[], scenario: Scenario): string {
  const facts = collectBillingFacts(events, { orgId: scenario.orgId, asKnownAt: AS_KNOWN_AT });
  if (facts._tag === 'Left') throw new Error(facts.left.message);
  const schedule = scheduleInvoices(facts.right, scenario.from, scenario.to);
  if (schedule._tag === 'Left') throw new Error(schedule.left.message);
  const instants = [...new Set(schedule.right.tallyInstants)].sort();
  const counts = countsAt(events, instants, { asKnownAt: AS_KNOWN_AT });
  return renderTable(
    [
      { header: 'tally instant' },
      { header: 'active devices', align: 'right' },
      { header: 'billable devices', align: 'right' },
      { header: 'licenses in use', align: 'right' },
      { header: 'license holders', align: 'right' },
    ],
    counts.map((c) => [
      c.at,
      String(c.activeDevices),
      String(c.billableDevices),
      String(c.licensesInUse),
      String(c.licenseHolders),
    ]),
  );
}

function invoicesTable(invoices: readonly Invoice[], currency: string): string {
  const rows: string[][] = [];
  for (const invoice of invoices) {
    if (invoice.lines.length === 0)
      rows.push([invoice.billingDate, '(nothing owed)', '', '', formatMoney(0n, currency)]);
    invoice.lines.forEach((line, i) => {
      rows.push([
        i === 0 ? invoice.billingDate : '',
        line.description,
        String(line.quantity),
        formatMoney(line.unitAmount, currency),
        formatMoney(line.amount, currency),
      ]);
    });
  }
  const grandTotal = invoices.reduce((sum, invoice) => sum + invoice.total, 0n);
  rows.push([
    '',
    `total for ${invoices.length} invoices (${currency})`,
    '',
    '',
    formatMoney(grandTotal, currency),
  ]);
  return renderTable(
    [
      { header: 'billing date' },
      { header: 'line' },
      { header: 'qty', align: 'right' },
      { header: 'unit', align: 'right' },
      { header: 'amount', align: 'right' },
    ],
    rows,
  );
}

export interface DemoOptions {
  /** Appended to every organization id, so a shared server can hold several runs. */
  readonly orgIdSuffix?: string;
  readonly print?: (line: string) => void;
}

/** Records the three scenarios in `store` and prints their counts and invoices. */
export async function runDemo(store: EventStore, options: DemoOptions = {}): Promise<void> {
  const print = options.print ?? console.log;
  for (const scenario of scenarios(options.orgIdSuffix ?? '')) {
    const events = await record(store, scenario);
    const invoices = invoicesBetween(events, {
      orgId: scenario.orgId,
      from: scenario.from,
      to: scenario.to,
      asKnownAt: AS_KNOWN_AT,
    });
    if (invoices._tag === 'Left') throw new Error(invoices.left.message);
    const currency = invoices.right[0]?.currency ?? 'USD';
    print(`\n=== ${scenario.title}: ${events.length} events, as known at ${AS_KNOWN_AT}\n`);
    print(countsTable(events, scenario));
    print('');
    print(invoicesTable(invoices.right, currency));
  }
}
