// The demo: three sample organizations run through the command handler on any EventStore,
// then a year of their counts and invoices, as a billing person would check them: every invoice
// line says which count it used, when and where that count was taken, and why it is what it is.
// `main.ts` runs it on the embedded in-memory store; examples/eventstoredb/demo.ts runs it on
// EventStoreDB. Nothing here computes a billing rule: the numbers, instants and reasons all come
// from @tally/domain (see explain.ts).
import {
  type BillingFacts,
  type CivilDate,
  type Counts,
  type CountsExplanation,
  collectBillingFacts,
  countsAt,
  epochMsToInstant,
  explainCountsAt,
  formatMoney,
  type Instant,
  type Invoice,
  instantToEpochMs,
  invoicesBetween,
  type ScheduledBilling,
  scheduleInvoices,
  type TallyEvent,
} from '@tally/domain';
import { createCommandHandler, type EventStore, loadOrgEvents } from '@tally/ledger';
import { changesSince, describePlan, explainLine, explainNoLines, type OrgContext } from './explain.js';
import { localTime } from './local-time.js';
import { type Scenario, scenarios } from './scenarios.js';
import { type Column, renderTable, wrap } from './table.js';

/** Invoices are computed as known at this instant, so the demo prints the same bytes every run. */
const AS_KNOWN_AT: Instant = '2027-02-01T00:00:00Z';
/** The ledger records each command two seconds after it happened. */
const RECORDING_DELAY_MS = 2_000;
/** The printed width the explanations wrap at. */
const WIDTH = 100;
/** Explanations are indented under their line, past the billing date column. */
const NOTE_INDENT = '              ';

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

function orThrow<T>(result: { _tag: 'Left'; left: { message: string } } | { _tag: 'Right'; right: T }): T {
  if (result._tag === 'Left') throw new Error(result.left.message);
  return result.right;
}

/** "02-15, 03-15, 04-15": dates in the year `year` are written without it. */
function dateList(dates: readonly CivilDate[], year: string): string {
  return dates.map((date) => (date.startsWith(`${year}-`) ? date.slice(5) : date)).join(', ');
}

/** The counts the plan bills on, and the one that explains them. */
function countColumns(facts: BillingFacts): { column: Column; value: (counts: Counts) => number }[] {
  const right = 'right' as const;
  return facts.billing.model === 'per-user'
    ? [
        { column: { header: 'licenses in use', align: right }, value: (c) => c.licensesInUse },
        { column: { header: 'license holders', align: right }, value: (c) => c.licenseHolders },
      ]
    : [
        { column: { header: 'billable devices', align: right }, value: (c) => c.billableDevices },
        { column: { header: 'active devices', align: right }, value: (c) => c.activeDevices },
      ];
}

/** A table whose row i is followed by the lines `notes.get(i)`. */
function tableWithNotes(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  notes: ReadonlyMap<number, readonly string[]>,
): string[] {
  const [header = '', rule = '', ...body] = renderTable(columns, rows).split('\n');
  return [header, rule, ...body.flatMap((row, i) => [row, ...(notes.get(i) ?? [])])];
}

const noteLines = (text: string, indent: string) => wrap(text, WIDTH, `${indent}  `, `${indent}└ `);

function countsSection(context: OrgContext, entries: readonly ScheduledBilling[]): string[] {
  const { facts, events, asKnownAt } = context;
  const billedOn = new Map<Instant, CivilDate[]>();
  for (const entry of entries) {
    if (entry.tallyAt === null) continue;
    const dates = billedOn.get(entry.tallyAt) ?? [];
    dates.push(entry.billingDate);
    billedOn.set(entry.tallyAt, dates);
  }
  const instants = [...billedOn.keys()];
  const counts = countsAt(events, instants, { asKnownAt });
  const columns = countColumns(facts);
  const notes = new Map<number, string[]>();
  let previous: CountsExplanation | undefined;
  const rows = counts.map((c, i) => {
    const explained = explainCountsAt(events, c.at, { asKnownAt });
    const changes = previous === undefined ? undefined : changesSince(context, previous, explained);
    if (changes !== undefined) notes.set(i, noteLines(`since the last tally: ${changes}`, '  '));
    previous = explained;
    const tallied = localTime(c.at, facts.timeZone);
    return [
      tallied.text,
      c.at,
      ...columns.map(({ value }) => String(value(c))),
      dateList(billedOn.get(c.at) ?? [], tallied.date.slice(0, 4)),
    ];
  });
  const legend =
    facts.billing.model === 'per-user'
      ? 'A license is in use while its user has a backup kept; a license holder has a backup or an active device (the license cap counts holders).'
      : context.coldStorage
        ? 'A device is billable while it is active or while its archive is kept in cold storage.'
        : 'A device is billable while it is active or has an archive kept.';
  return [
    `Counts at each tally (local time in ${facts.timeZone}):`,
    '',
    ...tableWithNotes(
      [
        { header: 'tallied' },
        { header: 'in UTC' },
        ...columns.map(({ column }) => column),
        { header: 'for billing dates' },
      ],
      rows,
      notes,
    ),
    ...wrap(legend, WIDTH),
  ];
}

function invoicesSection(
  context: OrgContext,
  invoices: readonly Invoice[],
  entries: readonly ScheduledBilling[],
): string[] {
  const { currency } = context.facts;
  const money = (minor: bigint) => formatMoney(minor, currency);
  const rows: string[][] = [];
  /** Notes printed under row i. */
  const notes = new Map<number, string[]>();
  const note = (text: string) => notes.set(rows.length - 1, noteLines(text, NOTE_INDENT));
  let allocation: number | undefined;
  if (entries.length !== invoices.length) {
    throw new Error(`demo: ${invoices.length} invoices for ${entries.length} scheduled dates`);
  }
  invoices.forEach((invoice, i) => {
    const entry = entries[i];
    if (entry === undefined || entry.billingDate !== invoice.billingDate) {
      throw new Error(`demo: no schedule entry for the invoice of ${invoice.billingDate}`);
    }
    if (invoice.lines.length === 0) {
      rows.push([invoice.billingDate, '(no lines)', '', '', money(invoice.total)]);
      note(explainNoLines(context, entry, allocation));
    }
    invoice.lines.forEach((line, lineIndex) => {
      rows.push([
        lineIndex === 0 ? invoice.billingDate : '',
        line.description,
        String(line.quantity),
        money(line.unitAmount),
        money(line.amount),
      ]);
      note(explainLine(context, invoice, entry, lineIndex));
      allocation = line.basis.allocationAfter ?? allocation;
    });
  });
  const grandTotal = invoices.reduce((sum, invoice) => sum + invoice.total, 0n);
  rows.push(['', `total for ${invoices.length} invoices (${currency})`, '', '', money(grandTotal)]);
  return [
    'Invoices (└ why each line has its quantity):',
    '',
    ...tableWithNotes(
      [
        { header: 'billing date' },
        { header: 'line' },
        { header: 'qty', align: 'right' },
        { header: 'unit', align: 'right' },
        { header: 'amount', align: 'right' },
      ],
      rows,
      notes,
    ),
  ];
}

function registrationOf(events: readonly TallyEvent[]) {
  const registered = events.find((event) => event.type === 'OrganizationRegistered');
  if (registered?.type !== 'OrganizationRegistered') throw new Error('demo: no OrganizationRegistered');
  return registered.data;
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
    const query = { orgId: scenario.orgId, asKnownAt: AS_KNOWN_AT };
    const facts = orThrow(collectBillingFacts(events, query));
    const schedule = orThrow(scheduleInvoices(facts, scenario.from, scenario.to));
    const invoices = orThrow(invoicesBetween(events, { ...query, from: scenario.from, to: scenario.to }));
    const entries = schedule.entries.filter((entry) => entry.inRange);
    const registration = registrationOf(events);
    const { coldStorage } = registration;
    const context: OrgContext = { events, facts, asKnownAt: AS_KNOWN_AT, coldStorage };
    const lines = [
      `=== ${scenario.title}`,
      '',
      ...wrap(
        `${registration.name} (account ${registration.billingAccount}): zone ${facts.timeZone}, amounts in ${facts.currency}.`,
        WIDTH,
      ),
      ...wrap(
        `${events.length} events; invoices as known at ${AS_KNOWN_AT} (events recorded later are ignored).`,
        WIDTH,
      ),
      ...describePlan(context, entries).flatMap((text) => wrap(text, WIDTH)),
      '',
      ...countsSection(context, entries),
      '',
      ...invoicesSection(context, invoices, entries),
    ];
    print('');
    for (const line of lines) print(line);
  }
}
