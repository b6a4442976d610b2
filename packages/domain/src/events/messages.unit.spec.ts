// The exact messages a person reads: `<field path>: <problem>`, one line.
import { describe, expect, it } from 'vitest';
import { decodeEvent, decodeEventLine } from './decode.js';

const deviceActivated = {
  type: 'DeviceActivated',
  eventId: 'e-1',
  orgId: 'acme',
  occurredAt: '2026-03-06T23:30:00Z',
  recordedAt: '2026-03-06T23:30:02Z',
  data: { deviceId: 'd-1', userId: 'u-1' },
};

const monthlyStart = (price: string) => ({
  type: 'SubscriptionStarted',
  eventId: 'e-2',
  orgId: 'acme',
  occurredAt: '2026-03-01T00:00:00Z',
  recordedAt: '2026-03-01T00:00:00Z',
  data: {
    startDate: '2026-03-09',
    plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: price },
  },
});

const invoice = (overrides: Record<string, unknown> = {}) => ({
  type: 'InvoiceIssued',
  eventId: 'e-3',
  orgId: 'acme',
  occurredAt: '2026-03-09T08:00:00Z',
  recordedAt: '2026-03-09T08:00:00Z',
  data: {
    orgId: 'acme',
    billingDate: '2026-03-09',
    currency: 'USD',
    asKnownAt: '2026-11-22T00:00:00Z',
    lines: [
      {
        kind: 'devices',
        description: '12 devices × 10.00',
        quantity: 12,
        unitAmount: '10.00',
        amount: '120.00',
        servicePeriod: { start: '2026-03-09', end: '2026-04-09' },
        tallyAt: '2026-03-07T07:00:00Z',
      },
    ],
    total: '120.00',
    ...overrides,
  },
});

const messageOf = (json: unknown, context?: { currency?: string }) => {
  const result = decodeEvent(json, context);
  return result._tag === 'Left' ? result.left.message : 'decoded';
};

describe('messages of the brief', () => {
  it('names a price with more decimals than the currency has', () => {
    expect(decodeEvent(monthlyStart('10.005'), { currency: 'USD' })).toEqual({
      _tag: 'Left',
      left: {
        message: 'data.plan.monthlyPricePerDevice: "10.005" has more decimals than USD allows',
        path: 'data.plan.monthlyPricePerDevice',
        eventId: 'e-2',
        type: 'SubscriptionStarted',
      },
    });
  });

  it('names an instant that is not UTC ISO-8601', () => {
    expect(messageOf({ ...deviceActivated, occurredAt: '2026-03-07 07:00' })).toBe(
      'occurredAt: "2026-03-07 07:00" is not a UTC ISO-8601 instant',
    );
  });

  it('names a missing field', () => {
    expect(messageOf({ ...deviceActivated, data: { userId: 'u-1' } })).toBe('data.deviceId: missing');
  });

  it('says when a line is not JSON', () => {
    expect(decodeEventLine('{"type":"DeviceActivated","eventId":')).toEqual({
      _tag: 'Left',
      // The reason after the colon is V8's (`Unexpected end of JSON input` on Node 20).
      left: { message: expect.stringMatching(/^not valid JSON: \S/), path: '' },
    });
  });
});

describe('money against the currency', () => {
  it('accepts 3 decimals for KWD and refuses them for USD and JPY', () => {
    expect(messageOf(monthlyStart('10.005'), { currency: 'KWD' })).toBe('decoded');
    expect(messageOf(monthlyStart('1200.5'), { currency: 'JPY' })).toBe(
      'data.plan.monthlyPricePerDevice: "1200.5" has more decimals than JPY allows',
    );
  });

  it('allows fewer decimals than the currency has in a price', () => {
    expect(messageOf(monthlyStart('10'), { currency: 'USD' })).toBe('decoded');
  });

  it('without a currency, allows at most 3 decimals', () => {
    expect(messageOf(monthlyStart('10.005'))).toBe('decoded');
    expect(messageOf(monthlyStart('10.0005'))).toBe(
      'data.plan.monthlyPricePerDevice: "10.0005" has more decimals than any currency allows (at most 3)',
    );
  });

  it('refuses negative prices and numbers for prices', () => {
    expect(messageOf(monthlyStart('-1.00'))).toBe(
      'data.plan.monthlyPricePerDevice: "-1.00" must not be negative',
    );
    expect(
      messageOf({
        ...monthlyStart('x'),
        data: {
          ...monthlyStart('x').data,
          plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: 10 },
        },
      }),
    ).toBe('data.plan.monthlyPricePerDevice: expected a decimal price such as "10.00", got 10');
    expect(messageOf(monthlyStart('1e3'))).toBe(
      'data.plan.monthlyPricePerDevice: "1e3" is not a decimal price such as "10.00"',
    );
  });

  it('checks renewal prices against the currency', () => {
    const renewal = {
      ...deviceActivated,
      type: 'SubscriptionRenewed',
      data: { termStart: '2027-03-09', annualPricePerDevice: '99.999' },
    };
    expect(messageOf(renewal, { currency: 'EUR' })).toBe(
      'data.annualPricePerDevice: "99.999" has more decimals than EUR allows',
    );
    expect(messageOf({ ...renewal, data: { ...renewal.data, annualPricePerLicense: '1.00' } })).toBe(
      'data.annualPricePerDevice: not allowed together with annualPricePerLicense (a plan is per-user or per-device)',
    );
  });

  it('invoice amounts need exactly the invoice currency digits', () => {
    expect(messageOf(invoice())).toBe('decoded');
    expect(messageOf(invoice({ total: '120.0' }))).toBe(
      'data.total: "120.0" must have exactly 2 decimals for USD',
    );
    const [line] = invoice().data.lines;
    expect(messageOf(invoice({ lines: [{ ...line, amount: '120' }] }))).toBe(
      'data.lines[0].amount: "120" must have exactly 2 decimals for USD',
    );
    expect(messageOf(invoice({ currency: 'JPY', lines: [], total: '0.00' }))).toBe(
      'data.total: "0.00" must have no decimals for JPY',
    );
  });

  it('an invoice total is the sum of its lines', () => {
    expect(messageOf(invoice({ total: '100.00' }))).toBe(
      'data.total: "100.00" is not the sum of the line amounts (120.00)',
    );
    expect(messageOf(invoice({ lines: [], total: '0.00' }))).toBe('decoded');
  });

  it("an invoice is in the organization's currency and names the event's org", () => {
    expect(messageOf(invoice(), { currency: 'EUR' })).toBe(
      `data.currency: "USD" is not the organization's currency EUR`,
    );
    expect(messageOf(invoice({ orgId: 'other' }))).toBe(
      `data.orgId: "other" differs from the event's orgId "acme"`,
    );
  });

  it('a service period ends after it starts', () => {
    const [line] = invoice().data.lines;
    const period = { start: '2026-03-09', end: '2026-03-09' };
    expect(messageOf(invoice({ lines: [{ ...line, servicePeriod: period }] }))).toBe(
      'data.lines[0].servicePeriod.end: "2026-03-09" is not after the start "2026-03-09"',
    );
  });
});

describe('other field messages', () => {
  const org = (data: Record<string, unknown>) => ({
    ...deviceActivated,
    type: 'OrganizationRegistered',
    data: {
      name: 'Acme',
      serialCode: 's-1',
      billingAccount: 'b-1',
      timeZone: 'America/Los_Angeles',
      currency: 'USD',
      coldStorage: true,
      ...data,
    },
  });

  it.each([
    [
      { ...deviceActivated, type: 'DeviceExploded' },
      /^type: "DeviceExploded" is not a known event type \(known: OrganizationRegistered, .*InvoiceIssued\)$/,
    ],
    [{ ...deviceActivated, type: 7 }, /^type: expected an event type name, got 7 \(known: /],
    [{ ...deviceActivated, surprise: 1 }, /^surprise: unknown field$/],
    [{ ...deviceActivated, data: { ...deviceActivated.data, note: 'x' } }, /^data\.note: unknown field$/],
    [{ ...deviceActivated, data: { deviceId: '', userId: 'u' } }, /^data\.deviceId: must not be empty$/],
    [{ ...deviceActivated, eventId: 5 }, /^eventId: expected a non-empty string, got 5$/],
    [
      { ...deviceActivated, data: [] },
      /^data: expected DeviceActivated data \(a JSON object\), got an array$/,
    ],
    [42, /^event: expected a Tally event \(a JSON object\), got 42$/],
    [
      { ...deviceActivated, occurredAt: '2026-03-07T07:00:00+01:00' },
      /^occurredAt: "2026-03-07T07:00:00\+01:00" is not a UTC ISO-8601 instant \(write it in UTC, ending in Z\)$/,
    ],
    [
      { ...deviceActivated, occurredAt: '2026-02-29T00:00:00Z' },
      /^occurredAt: "2026-02-29T00:00:00Z" is not a real instant/,
    ],
    [
      { ...deviceActivated, recordedAt: '2026-03-07T07:00:00.1234Z' },
      /^recordedAt: "2026-03-07T07:00:00.1234Z" has 4 fractional second digits; at most 3/,
    ],
    [
      { ...deviceActivated, type: 'LicenseCapSet', data: { cap: 0 } },
      /^data\.cap: expected a positive integer, got 0$/,
    ],
    [{ ...deviceActivated, type: 'LicenseCapSet', data: {} }, /^data\.cap: missing$/],
    [
      { ...deviceActivated, type: 'SubscriptionCanceled', data: { reason: 'x' } },
      /^data\.reason: unknown field$/,
    ],
    [
      { ...deviceActivated, type: 'UserDeactivated', data: { userId: 'u', reason: 'fired' } },
      /^data\.reason: expected one of "canceled", "ineligible", "admin", got "fired"$/,
    ],
    [
      org({ timeZone: 'Mars/Olympus_Mons' }),
      /^data\.timeZone: "Mars\/Olympus_Mons" is not an IANA time zone$/,
    ],
    [
      org({ timeZone: 'america/los_angeles' }),
      /^data\.timeZone: .* \(did you mean "America\/Los_Angeles"\?\)$/,
    ],
    [org({ timeZone: '+05:00' }), /^data\.timeZone: "\+05:00" is a UTC offset, not an IANA time zone$/],
    [org({ currency: 'usd' }), /^data\.currency: "usd" is not an ISO 4217 currency code$/],
    [org({ rounding: 'up' }), /^data\.rounding: expected one of "half-up", "half-even", got "up"$/],
    [org({ coldStorage: 'yes' }), /^data\.coldStorage: expected true or false, got "yes"$/],
  ])('%j', (json, expected) => {
    expect(messageOf(json)).toMatch(expected);
  });

  const started = (data: Record<string, unknown>) => ({
    ...monthlyStart('10.00'),
    data: { ...monthlyStart('10.00').data, ...data },
  });
  it.each([
    [{ startDate: '2026-02-30' }, 'data.startDate: "2026-02-30" is not a real date'],
    [{ startDate: '2026-3-9' }, 'data.startDate: "2026-3-9" is not a date in YYYY-MM-DD form'],
    [{ tallyLeadHours: -1 }, 'data.tallyLeadHours: expected a non-negative integer, got -1'],
    [
      { plan: { model: 'per-seat' } },
      'data.plan.model: expected one of "per-user", "per-device", got "per-seat"',
    ],
    [{ plan: { model: 'per-device' } }, 'data.plan.billing: missing'],
    [
      {
        plan: { model: 'per-device', billing: 'yearly', termYears: 3, annualPricePerDevice: '1', devices: 1 },
      },
      'data.plan.termYears: expected one of 1, 2, got 3',
    ],
    [
      {
        plan: { model: 'per-user', annualPricePerLicense: '1000.00', initialLicenses: 1, tallySchedule: [] },
      },
      'data.plan.tallySchedule: must not be empty',
    ],
    [
      {
        plan: {
          model: 'per-user',
          annualPricePerLicense: '1000.00',
          initialLicenses: 1,
          tallySchedule: [{ month: 2, day: 29 }],
        },
      },
      'data.plan.tallySchedule[0].day: February has no day 29 every year (at most 28)',
    ],
    [
      {
        plan: {
          model: 'per-user',
          annualPricePerLicense: '1000.00',
          initialLicenses: 1,
          tallySchedule: [{ month: 13, day: 1 }],
        },
      },
      'data.plan.tallySchedule[0].month: expected an integer from 1 to 12, got 13',
    ],
    [
      {
        plan: {
          model: 'per-user',
          annualPricePerLicense: '1000.00',
          initialLicenses: 1,
          tallySchedule: [
            { month: 5, day: 15 },
            { month: 5, day: 15 },
          ],
        },
      },
      'data.plan.tallySchedule[1]: month 5 day 15 is listed twice',
    ],
  ])('SubscriptionStarted %j', (data, expected) => {
    expect(messageOf(started(data))).toBe(expected);
  });
});
