// Dates past 9999-12-31 do not leak (docs/wire-format.md, "Value rules"): a billing date whose service
// period would end in year 10000 is one line and exit 1, a term that would end there is the
// event's line and exit 2, and never `+010000-01-31` or an internal error.
import { serializeEvent, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { runTally } from './cli.js';
import { memoryIo } from './fixtures/memory-io.spec-helper.js';
import { tempFile } from './fixtures/sample-log.spec-helper.js';

const at = '2026-01-01T00:00:00Z';
const registered: TallyEvent = {
  type: 'OrganizationRegistered',
  eventId: 'e-1',
  orgId: 'o',
  occurredAt: at,
  recordedAt: at,
  data: {
    name: 'O',
    serialCode: 'O-1',
    billingAccount: 'B',
    timeZone: 'UTC',
    currency: 'USD',
    coldStorage: false,
  },
};
const started = (startDate: string, yearly: boolean): TallyEvent => ({
  type: 'SubscriptionStarted',
  eventId: 'e-2',
  orgId: 'o',
  occurredAt: at,
  recordedAt: at,
  data: {
    startDate,
    plan: yearly
      ? { model: 'per-device', billing: 'yearly', termYears: 1, annualPricePerDevice: '10.00', devices: 1 }
      : { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
  },
});

async function tally(events: readonly TallyEvent[], argv: readonly string[]) {
  const path = await tempFile('events.jsonl', `${events.map(serializeEvent).join('\n')}\n`);
  const memory = memoryIo();
  const code = await runTally(['invoices', '--events', path, '--org', 'o', ...argv], memory.io);
  return { code, stdout: memory.stdout(), stderr: memory.stderr(), path };
}

const KNOWN = ['--as-known-at', '2026-11-01T00:00:00Z'];

describe('the end of the calendar', () => {
  it('invoices up to 9999-12-31: the last service period would end in year 10000, one line, exit 1', async () => {
    const result = await tally(
      [registered, started('2026-01-31', false)],
      ['--from', '9999-11-01', '--to', '9999-12-31', ...KNOWN],
    );
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'tally: the service period of the billing date 9999-12-31 would end on +010000-01-31, after 9999-12-31, the last date Tally handles\n',
      path: result.path,
    });
  });

  it('invoices that end inside the range are still given', async () => {
    const result = await tally(
      [registered, started('2026-01-31', false)],
      ['--from', '9999-10-01', '--to', '9999-11-30', ...KNOWN],
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"billingDate":"9999-11-30"');
    expect(result.stdout).toContain('"end":"9999-12-31"');
    expect(result.stdout).not.toContain('+01');
  });

  it('a term that would end in year 10000 is refused at its event, exit 2', async () => {
    const result = await tally(
      [registered, started('9999-12-15', true)],
      ['--from', '9999-12-01', '--to', '9999-12-31', ...KNOWN],
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${result.path}:2: e-2: data.startDate: the term would end on +010000-12-15, after 9999-12-31, the last date Tally handles\n`,
    );
  });

  it('a date past the range as an argument is a usage error, exit 2', async () => {
    const result = await tally(
      [registered, started('2026-01-31', false)],
      ['--from', '9999-11-01', '--to', '+010000-01-31', ...KNOWN],
    );
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });
});
