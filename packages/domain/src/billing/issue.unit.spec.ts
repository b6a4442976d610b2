// Issuing invoices and correcting them (docs/billing.md#issuing-invoices, #corrections): test
// vectors 9 and 10 (docs/test-vectors.md), the decider's refusals, credit notes and the window.

import { readFileSync } from 'node:fs';
import { given } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import type { Command } from '../decide/commands.js';
import { checkEvent } from '../decide/consistency.js';
import { decide } from '../decide/decide.js';
import { applyOrgEvent, initialOrgState, type OrgState } from '../decide/org-state.js';
import { decodeEventLine } from '../events/decode.js';
import { serializeEvent } from '../events/encode.js';
import type { InvoiceIssued, IssuedInvoiceJson, PendingEvent, TallyEvent } from '../events/types.js';
import { createLogChecker } from '../log/log-checker.js';
import { explainAdjustment } from './explain.js';

const ORG = 'acme';
let sequence = 0;
const event = (type: string, occurredAt: string, data: unknown, recordedAt = occurredAt): TallyEvent =>
  ({ type, eventId: `e-${++sequence}`, orgId: ORG, occurredAt, recordedAt, data }) as TallyEvent;

const registered = (coldStorage = false) =>
  event('OrganizationRegistered', '2026-01-02T17:00:00Z', {
    name: 'Acme',
    serialCode: 'ACME',
    billingAccount: 'PTA-1',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    coldStorage,
  });
const started = (extra: Record<string, unknown> = {}) =>
  event('SubscriptionStarted', '2026-01-02T17:05:00Z', {
    startDate: '2026-01-09',
    plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
    ...extra,
  });
const activated = (deviceId: string, occurredAt: string, recordedAt = occurredAt) =>
  event('DeviceActivated', occurredAt, { deviceId, userId: `u-${deviceId}` }, recordedAt);
const deactivated = (deviceId: string, occurredAt: string, recordedAt = occurredAt) =>
  event('DeviceDeactivated', occurredAt, { deviceId }, recordedAt);

const issueCommand = (billingDate: string, at: string): Command => ({
  type: 'IssueInvoice',
  orgId: ORG,
  at,
  data: { billingDate },
});

function stateOf(events: readonly TallyEvent[]): OrgState {
  const state = initialOrgState();
  for (const one of events) applyOrgEvent(state, one);
  return state;
}

/** Decides IssueInvoice on `events`, and returns the event as the ledger would store it. */
function issue(events: TallyEvent[], billingDate: string, at: string): InvoiceIssued {
  const command = { ...issueCommand(billingDate, at), orgId: events[0]?.orgId ?? ORG };
  const decision = decide(command, stateOf(events));
  if (decision._tag === 'Left') throw new Error(decision.left.message);
  const [pending] = decision.right as [PendingEvent];
  const stored = { ...pending, eventId: `e-${++sequence}`, recordedAt: at } as InvoiceIssued;
  events.push(stored);
  return stored;
}

const adjustments = (data: IssuedInvoiceJson) => data.lines.filter((line) => line.kind === 'adjustment');

/** Vector 9: three devices billed on 2026-03-09; a fourth, active since 03-01, recorded on 03-20. */
function vector9(): TallyEvent[] {
  return [
    registered(),
    started(),
    activated('d-1', '2026-01-05T18:00:00Z'),
    activated('d-2', '2026-01-05T18:00:00Z'),
    activated('d-3', '2026-02-05T18:00:00Z'),
  ];
}

describe('test vector 9: a late activation is corrected on the next invoice', () => {
  it('bills 3 devices on 2026-03-09, then 4 and one adjustment of 10.00 on 2026-04-09 (total 50.00)', () => {
    const events = vector9();
    const march = issue(events, '2026-03-09', '2026-03-09T08:00:00Z');
    expect(march.schemaVersion).toBe(2);
    expect(march.data).toMatchObject({
      number: 'ACME-1',
      document: 'invoice',
      total: '30.00',
      manifest: null,
    });
    expect(march.data.lines).toHaveLength(1);
    expect(march.data.lines[0]).toMatchObject({ kind: 'devices', quantity: 3, amount: '30.00' });

    events.push(activated('d-4', '2026-03-01T12:00:00Z', '2026-03-20T16:00:00Z'));
    const april = issue(events, '2026-04-09', '2026-04-09T07:00:00Z');
    expect(april.data.number).toBe('ACME-2');
    expect(april.data.lines).toEqual([
      {
        kind: 'devices',
        description: '4 devices × 10.00',
        quantity: 4,
        unitAmount: '10.00',
        amount: '40.00',
        servicePeriod: { start: '2026-04-09', end: '2026-05-09' },
        tallyAt: '2026-04-07T07:00:00Z',
      },
      {
        kind: 'adjustment',
        description: 'correction of ACME-1 (2026-03-09): devices 3 → 4',
        quantity: 1,
        unitAmount: null,
        amount: '10.00',
        servicePeriod: { start: '2026-03-09', end: '2026-04-09' },
        tallyAt: '2026-03-07T07:00:00Z',
        corrects: { invoiceNumber: 'ACME-1', billingDate: '2026-03-09', kind: 'devices' },
      },
    ]);
    expect(april.data.total).toBe('50.00');

    const may = issue(events, '2026-05-09', '2026-05-20T00:00:00Z');
    expect(may.data.number).toBe('ACME-3');
    expect(adjustments(may.data)).toEqual([]);
  });

  it('the issued events form a log the checker accepts and that writes back byte for byte', () => {
    const events = vector9();
    issue(events, '2026-03-09', '2026-03-09T08:00:00Z');
    events.push(activated('d-4', '2026-03-01T12:00:00Z', '2026-03-20T16:00:00Z'));
    issue(events, '2026-04-09', '2026-04-09T07:00:00Z');
    const checker = createLogChecker();
    for (const [index, one] of events.entries()) {
      const accepted = checker.acceptLine(serializeEvent(one), index + 1);
      expect(accepted._tag).toBe('Right');
      if (accepted._tag === 'Right') expect(serializeEvent(accepted.right)).toBe(serializeEvent(one));
    }
  });
});

describe('test vector 10: a second invoice for one billing date', () => {
  it('is refused by the log checker at its line', () => {
    const events = vector9();
    const march = issue(events, '2026-03-09', '2026-03-09T08:00:00Z');
    const again = { ...march, eventId: 'e-again', data: { ...march.data, number: 'ACME-2' } };
    const lines = [...events, again].map((one) => serializeEvent(one));
    const checker = createLogChecker();
    const answers = lines.map((line, index) => checker.acceptLine(line, index + 1));
    expect(answers.slice(0, -1).every((answer) => answer._tag === 'Right')).toBe(true);
    expect(answers.at(-1)).toEqual({
      _tag: 'Left',
      left: {
        line: lines.length,
        eventId: 'e-again',
        message:
          'data.billingDate: the invoice for 2026-03-09 was issued already (ACME-1); a second one would bill the date twice',
      },
    });
  });

  it('a version-1 duplicate is refused too', () => {
    const events = vector9();
    const march = issue(events, '2026-03-09', '2026-03-09T08:00:00Z');
    const { schemaVersion: _, ...v1 } = {
      ...march,
      eventId: 'e-v1',
      data: { ...march.data, number: null },
    };
    expect(checkEvent(stateOf(events), v1)?.field).toBe('data.billingDate');
  });

  it('a version-2 number that does not count on is refused', () => {
    const events = vector9();
    const march = issue(events, '2026-03-09', '2026-03-09T08:00:00Z');
    events.pop();
    const skipped = { ...march, data: { ...march.data, number: 'ACME-2' } };
    expect(checkEvent(stateOf(events), skipped)).toMatchObject({
      field: 'data.number',
      message: expect.stringContaining('is not the next invoice number of the organization: ACME-1'),
    });
  });
});

describe('IssueInvoice refusals (given/when/then)', () => {
  const history = vector9();
  const issuedMarch = (() => {
    const events = vector9();
    issue(events, '2026-03-09', '2026-03-09T08:00:00Z');
    return events;
  })();

  it('a date already issued: InvoiceAlreadyIssued', () => {
    given(issuedMarch)
      .when(issueCommand('2026-03-09', '2026-03-30T00:00:00Z'))
      .thenError('InvoiceAlreadyIssued');
  });
  it('a date that is not a billing date: NotABillingDate', () => {
    given(history).when(issueCommand('2026-03-10', '2026-03-30T00:00:00Z')).thenError('NotABillingDate');
  });
  it('a date after the cancellation: NotBilled', () => {
    const canceled = [...history, event('SubscriptionCanceled', '2026-03-01T00:00:00Z', {})];
    given(canceled).when(issueCommand('2026-03-09', '2026-03-30T00:00:00Z')).thenError('NotBilled');
  });
  it('a date not yet due (its start is after the instant): InvoiceNotDue', () => {
    // 2026-04-09 starts at 07:00Z in Los Angeles (PDT).
    given(history).when(issueCommand('2026-04-09', '2026-04-09T06:59:59Z')).thenError('InvoiceNotDue');
    const decision = decide(issueCommand('2026-04-09', '2026-04-09T06:59:59Z'), stateOf(history));
    expect(decision).toMatchObject({
      _tag: 'Left',
      left: {
        message:
          'the invoice of organization acme for 2026-04-09 is not due at 2026-04-09T06:59:59Z: it is due from 2026-04-09T07:00:00Z',
      },
    });
  });
  it('before the subscription: SubscriptionNotStarted', () => {
    given([registered()])
      .when(issueCommand('2026-03-09', '2026-03-30T00:00:00Z'))
      .thenError('SubscriptionNotStarted');
  });
  it('a malformed date: InvalidCommand', () => {
    given(history).when(issueCommand('2026-3-9', '2026-03-30T00:00:00Z')).thenError('InvalidCommand');
  });
  it('at its start the date is due, and the invoice is emitted as version 2', () => {
    const decision = decide(issueCommand('2026-04-09', '2026-04-09T07:00:00Z'), stateOf(history));
    expect(decision._tag).toBe('Right');
    expect(decision._tag === 'Right' && decision.right[0]).toMatchObject({
      type: 'InvoiceIssued',
      schemaVersion: 2,
      occurredAt: '2026-04-09T07:00:00Z',
      data: { number: 'ACME-1', asKnownAt: '2026-04-09T07:00:00Z' },
    });
  });
});

describe('corrections', () => {
  it('a backdated deactivation recorded after two invoices credits both, oldest first; a credit note when the total is negative', () => {
    // cold storage off: a deactivated device stops counting at once.
    const events = [
      registered(false),
      started(),
      activated('d-1', '2026-01-05T18:00:00Z'),
      activated('d-2', '2026-01-05T18:00:00Z'),
    ];
    issue(events, '2026-01-09', '2026-01-09T09:00:00Z');
    issue(events, '2026-02-09', '2026-02-09T09:00:00Z');
    // d-2 left on 2026-01-06, recorded only on 2026-02-20; d-1 leaves on 2026-03-05.
    events.push(deactivated('d-2', '2026-01-06T18:00:00Z', '2026-02-20T00:00:00Z'));
    events.push(deactivated('d-1', '2026-03-05T18:00:00Z'));
    const march = issue(events, '2026-03-09', '2026-03-09T09:00:00Z');
    expect(march.data.lines.map((line) => [line.kind, line.quantity, line.amount, line.description])).toEqual(
      [
        ['minimum', 1, '10.00', expect.any(String)],
        ['adjustment', -1, '-10.00', 'correction of ACME-1 (2026-01-09): devices 2 → 1'],
        ['adjustment', -1, '-10.00', 'correction of ACME-2 (2026-02-09): devices 2 → 1'],
      ],
    );
    expect(march.data).toMatchObject({ total: '-10.00', document: 'credit-note', number: 'ACME-3' });
  });

  it('a window of 0 turns corrections off; a window of 1 month reaches one date back', () => {
    for (const [window, expected] of [
      [0, []],
      [1, ['2026-02-09']],
      [12, ['2026-01-09', '2026-02-09']],
    ] as const) {
      const events = [
        registered(false),
        started({ correctionWindowMonths: window }),
        activated('d-1', '2026-01-05T18:00:00Z'),
        activated('d-2', '2026-01-05T18:00:00Z'),
      ];
      issue(events, '2026-01-09', '2026-01-09T09:00:00Z');
      issue(events, '2026-02-09', '2026-02-09T09:00:00Z');
      events.push(deactivated('d-2', '2026-01-06T18:00:00Z', '2026-02-20T00:00:00Z'));
      const march = issue(events, '2026-03-09', '2026-03-09T09:00:00Z');
      const corrected = adjustments(march.data).map((line) =>
        line.kind === 'adjustment' ? line.corrects.billingDate : '',
      );
      expect(corrected).toEqual(expected);
    }
  });

  it('a version-1 invoice is corrected and named by the number its position gives', () => {
    const events = vector9();
    const march = issue(events, '2026-03-09', '2026-03-09T08:00:00Z');
    const { schemaVersion: _, ...v1 } = { ...march, data: { ...march.data, number: null } };
    events[events.length - 1] = v1;
    events.push(activated('d-4', '2026-03-01T12:00:00Z', '2026-03-20T16:00:00Z'));
    const april = issue(events, '2026-04-09', '2026-04-09T07:00:00Z');
    expect(april.data.number).toBe('ACME-2');
    expect(adjustments(april.data)).toMatchObject([
      { corrects: { invoiceNumber: 'ACME-1' }, amount: '10.00' },
    ]);
  });
});

describe('explainAdjustment', () => {
  it('names the late activation of vector 9: its position, recordedAt and occurredAt', () => {
    const events = vector9();
    issue(events, '2026-03-09', '2026-03-09T08:00:00Z');
    const late = activated('d-4', '2026-03-01T12:00:00Z', '2026-03-20T16:00:00Z');
    // recorded in time, and after the tally: neither explains the adjustment
    events.push(activated('d-5', '2026-03-15T12:00:00Z', '2026-03-15T12:00:00Z'));
    events.push(late);
    issue(events, '2026-04-09', '2026-04-09T07:00:00Z');
    const explained = explainAdjustment(events, { orgId: ORG, invoiceNumber: 'ACME-2', lineIndex: 1 });
    expect(explained).toEqual({
      _tag: 'Right',
      right: expect.objectContaining({
        invoiceNumber: 'ACME-2',
        lastBilledAsKnownAt: '2026-03-09T08:00:00Z',
        asKnownAt: '2026-04-09T07:00:00Z',
        lateEvents: [
          {
            index: events.indexOf(late),
            eventId: late.eventId,
            type: 'DeviceActivated',
            occurredAt: '2026-03-01T12:00:00Z',
            recordedAt: '2026-03-20T16:00:00Z',
          },
        ],
      }),
    });
  });

  it('refuses a line that is not an adjustment', () => {
    const events = vector9();
    issue(events, '2026-03-09', '2026-03-09T08:00:00Z');
    const explained = explainAdjustment(events, { orgId: ORG, invoiceNumber: 'ACME-1', lineIndex: 0 });
    expect(explained).toMatchObject({ _tag: 'Left', left: { code: 'NoSuchLine' } });
  });
});

describe('after version-1 invoices', () => {
  it('a late event recorded before the last version-1 invoice is still corrected (version 1 corrected nothing)', () => {
    const text = readFileSync(new URL('../log/fixtures/frozen-v1.jsonl', import.meta.url), 'utf8');
    const events = text
      .split('\n')
      .slice(0, -1)
      .map((line) => {
        const decoded = decodeEventLine(line);
        if (decoded._tag === 'Left') throw new Error(decoded.left.message);
        return decoded.right;
      });
    // lab-2 left on 2026-02-01, recorded 2026-02-12: after the February invoice, before March's.
    const april = issue(events, '2026-04-09', '2026-04-09T08:00:00Z');
    expect(adjustments(april.data)).toMatchObject([
      { amount: '-10.00', corrects: { invoiceNumber: 'CHEM-2', billingDate: '2026-02-09', kind: 'devices' } },
    ]);
  });
});
