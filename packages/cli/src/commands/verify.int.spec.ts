// `tally verify` reproduces each issued invoice as known at the instant it was recorded: what was
// recorded after it is left out, what was recorded before it is counted (even when the issuer's
// asKnownAt came earlier), and the first line that breaks is named with the step that refused it.
import {
  type InvoiceIssued,
  invoiceAt,
  type TallyEvent,
  toInvoiceJson,
  upcastInvoiceV1,
} from '@tally/domain';
import { GENESIS_CHAIN, sealEvent } from '@tally/proofs';
import { describe, expect, it } from 'vitest';
import { runTally } from '../cli.js';
import { memoryIo } from '../fixtures/memory-io.spec-helper.js';
import { eventsOf, sampleEvents, tempFile } from '../fixtures/sample-log.spec-helper.js';

const acme = eventsOf(sampleEvents(), 'acme');
const invoiceIndex = acme.findIndex((event) => event.type === 'InvoiceIssued');
const issued = acme[invoiceIndex] as InvoiceIssued;

/** d-5, in use since February (before the invoice's tally) but recorded at `recordedAt`. */
const lateDevice = (recordedAt: string): TallyEvent => ({
  eventId: 'late-d-5',
  orgId: 'acme',
  occurredAt: '2026-02-10T18:00:00Z',
  recordedAt,
  type: 'DeviceActivated',
  data: { deviceId: 'd-5', userId: 'u-5' },
});

/** acme's log with the invoice replaced by `invoice` and `extra` right after it. */
const withInvoice = (invoice: TallyEvent, ...extra: TallyEvent[]) => [
  ...acme.slice(0, invoiceIndex),
  invoice,
  ...extra,
  ...acme.slice(invoiceIndex + 1),
];

async function verify(events: readonly TallyEvent[]) {
  let head = GENESIS_CHAIN;
  const lines = events.map((event) => {
    const sealed = sealEvent(event, head);
    head = sealed.chain;
    return sealed.text;
  });
  const path = await tempFile('sealed.jsonl', `${lines.join('\n')}\n`);
  const memory = memoryIo();
  const code = await runTally(['verify', path], memory.io);
  return { path, code, stdout: memory.stdout(), stderr: memory.stderr() };
}

/** Line number (from 1) of the event `eventId` in `events`. */
const lineOf = (events: readonly TallyEvent[], eventId: string) =>
  events.findIndex((event) => event.eventId === eventId) + 1;

describe('tally verify replays each invoice as known when it was recorded', () => {
  it('leaves out a backdated device recorded after the invoice', async () => {
    const result = await verify(withInvoice(issued, lateDevice('2026-03-20T00:00:00Z')));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/, 1 issued invoice reproduced\n$/);
  });

  it('counts a device recorded after the issuer asKnownAt but before recordedAt, and says at which instant', async () => {
    const recordedAt = '2026-03-12T00:00:00Z';
    const late: InvoiceIssued = { ...issued, recordedAt };
    const events = withInvoice(lateDevice('2026-03-10T00:00:00Z'), late);
    const result = await verify(events);
    expect(result).toEqual({
      path: result.path,
      code: 1,
      stdout: '',
      stderr: `${result.path}:${lineOf(events, issued.eventId)}: ${issued.eventId}: data: not reproduced by a replay as known at ${recordedAt}: data.lines[0].description: issued "4 devices × 10.00", replay gives "5 devices × 10.00"\n`,
    });
  });

  it('refuses an asKnownAt after the invoice was recorded', async () => {
    const asKnownAt = '2026-03-09T00:00:00Z';
    const events = withInvoice({ ...issued, data: { ...issued.data, asKnownAt } });
    const result = await verify(events);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${result.path}:${lineOf(events, issued.eventId)}: ${issued.eventId}: data.asKnownAt: ${asKnownAt} is after the invoice was recorded (${issued.recordedAt})\n`,
    );
  });

  it('blames data.billingDate for a date that is not a billing date', async () => {
    const events = withInvoice({ ...issued, data: { ...issued.data, billingDate: '2026-03-10' } });
    const result = await verify(events);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^${result.path}:${lineOf(events, issued.eventId)}: ${issued.eventId}: data\\.billingDate: not reproduced: .*2026-03-10`,
      ),
    );
  });

  it('blames data for a subscription not yet recorded when the invoice was', async () => {
    const events = acme.map((event) =>
      event.type === 'SubscriptionStarted' ? { ...event, recordedAt: '2026-03-09T00:00:00Z' } : event,
    );
    const result = await verify(events);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${result.path}:${lineOf(events, issued.eventId)}: ${issued.eventId}: data: not reproduced: org "acme" has no SubscriptionStarted recorded by ${issued.recordedAt}\n`,
    );
  });

  it('names the first of two broken invoices, whatever breaks in the second', async () => {
    const [line] = issued.data.lines;
    if (line === undefined) throw new Error('fixture invoice has a line');
    const tampered: InvoiceIssued = {
      ...issued,
      data: { ...issued.data, lines: [{ ...line, quantity: 5, amount: '50.00' }], total: '50.00' },
    };
    const second: InvoiceIssued = {
      ...issued,
      eventId: 'second',
      data: { ...issued.data, billingDate: '2026-03-10' },
    };
    const events = withInvoice(tampered, second);
    const result = await verify(events);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${result.path}:${lineOf(events, issued.eventId)}: ${issued.eventId}: data: not reproduced by a replay as known at ${issued.recordedAt}: data.lines[0].quantity: issued 5, replay gives 4\n`,
    );
  });

  it('counts two reproduced invoices in the plural', async () => {
    const asKnownAt = '2026-04-10T00:00:00Z';
    const april = invoiceAt(acme, { orgId: 'acme', billingDate: '2026-04-09', asKnownAt });
    if (april._tag === 'Left') throw new Error(april.left.message);
    const next: InvoiceIssued = {
      ...issued,
      eventId: 'april',
      occurredAt: asKnownAt,
      recordedAt: asKnownAt,
      data: upcastInvoiceV1(toInvoiceJson(april.right)),
    };
    const result = await verify([...acme, next]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/, 2 issued invoices reproduced\n$/);
  });

  it('refuses a second invoice for the same billing date at its line (the log checker: it would bill the date twice)', async () => {
    const again: InvoiceIssued = { ...issued, eventId: 'again', recordedAt: '2026-03-08T01:00:00Z' };
    const events = withInvoice(issued, again);
    const result = await verify(events);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `:${lineOf(events, 'again')}: again: data.billingDate: the invoice for 2026-03-09 was issued already (ACME-1-1); a second one would bill the date twice`,
    );
  });
});
