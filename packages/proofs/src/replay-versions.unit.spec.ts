// Every issued invoice replays as it was issued (docs/billing.md#issuing-invoices): a version-1
// invoice of a log frozen before version 2, and version-2 invoices with their number and
// adjustments, each as known at its own instant after the invoices before it.
import { readFileSync } from 'node:fs';
import {
  type Command,
  createLogChecker,
  decide,
  type InvoiceIssued,
  type LogChecker,
  type PendingEvent,
  serializeEvent,
  type TallyEvent,
} from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { reproduceIssuedInvoice } from './replay.js';

/** Checks the lines, then reproduces every InvoiceIssued from the final state. */
function reproduceAll(
  lines: readonly string[],
  tamper?: (event: InvoiceIssued) => InvoiceIssued,
): (string | undefined)[] {
  const checker: LogChecker = createLogChecker();
  const invoices: InvoiceIssued[] = [];
  for (const [index, line] of lines.entries()) {
    const accepted = checker.acceptLine(line, index + 1);
    if (accepted._tag === 'Left') throw new Error(accepted.left.message);
    const event = accepted.right;
    if (event.type === 'InvoiceIssued') invoices.push(event);
  }
  return invoices.map((issued) => {
    const state = checker.stateOf(issued.orgId);
    if (state === undefined) throw new Error('no state');
    return reproduceIssuedInvoice(
      tamper === undefined ? issued : tamper(issued),
      state.entities,
      state.billingEvents,
      {
        serialCode: state.registration?.serialCode ?? '',
        issuedInvoices: state.issuedInvoices,
      },
    );
  });
}

const frozen = readFileSync(new URL('../../domain/src/log/fixtures/frozen-v1.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .slice(0, -1);

/** The frozen log, then its April invoice issued by today's decider (version 2, corrections). */
function withVersion2(): string[] {
  const checker = createLogChecker();
  for (const [index, line] of frozen.entries()) checker.acceptLine(line, index + 1);
  const state = checker.stateOf('dept-chem');
  if (state === undefined) throw new Error('no state');
  const command: Command = {
    type: 'IssueInvoice',
    orgId: 'dept-chem',
    at: '2026-04-09T08:00:00Z',
    data: { billingDate: '2026-04-09' },
  };
  const decision = decide(command, state);
  if (decision._tag === 'Left') throw new Error(decision.left.message);
  const [pending] = decision.right as [PendingEvent];
  const event = { ...pending, eventId: 'v2-01', recordedAt: '2026-04-09T08:00:05Z' } as TallyEvent;
  return [...frozen, serializeEvent(event)];
}

describe('reproducing issued invoices of both versions', () => {
  it('the frozen version-1 invoices reproduce', () => {
    expect(reproduceAll(frozen)).toEqual([undefined, undefined, undefined]);
  });

  it('a version-2 invoice after them reproduces, its adjustment for the late deactivation included', () => {
    const lines = withVersion2();
    const april = JSON.parse(lines.at(-1) as string);
    expect(april.data.number).toBe('CHEM-4');
    expect(
      april.data.lines.map((line: { kind: string; amount: string }) => [line.kind, line.amount]),
    ).toEqual([
      ['devices', '20.00'],
      ['adjustment', '-10.00'],
    ]);
    expect(reproduceAll(lines)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('a version-2 invoice whose adjustment was changed is not reproduced, naming the field', () => {
    const lines = withVersion2();
    const answers = reproduceAll(lines, (issued) =>
      issued.schemaVersion === 2
        ? {
            ...issued,
            data: {
              ...issued.data,
              lines: issued.data.lines.map((line, i) => (i === 1 ? { ...line, quantity: -2 } : line)),
            },
          }
        : issued,
    );
    expect(answers.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(answers[3]).toBe(
      'data: not reproduced by a replay as known at 2026-04-09T08:00:00Z: data.lines[1].quantity: issued -2, replay gives -1',
    );
  });
});
