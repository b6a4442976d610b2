import { describe, expect, it } from 'vitest';
import type { Command } from './commands.js';
import { decide } from './decide.js';
import {
  AT,
  activate,
  cancel,
  deactivate,
  deactivateUser,
  given,
  ORG,
  PER_DEVICE_MONTHLY,
  PER_DEVICE_YEARLY,
  PER_USER,
  purge,
  reactivate,
  recordArchive,
  register,
  renew,
  setCap,
  start,
  T0,
} from './decide.spec-helper.js';
import { DECISION_ERROR_CODES, isDecisionError } from './errors.js';

const registered = [register()];
/** The same command dated at another instant. */
const at = (command: Command, instant: string): Command => ({ ...command, at: instant });
const issueInvoice = (billingDate: string, instant: string): Command => ({
  type: 'IssueInvoice',
  orgId: 'acme',
  at: instant,
  data: { billingDate },
});
const perUser = [register(), start(PER_USER)];
const withDevice = [...perUser, activate('d-1', 'u-1')];
const withArchive = [...withDevice, recordArchive('a-1', 'd-1')];

interface RejectionCase {
  name: string;
  setup: Command[];
  command: Command;
  code: string;
  message: RegExp;
  details?: Record<string, unknown>;
}

const rejections: RejectionCase[] = [
  {
    name: 'a device command before the registration',
    setup: [],
    command: activate('d-1', 'u-1'),
    code: 'OrganizationNotRegistered',
    message: /organization acme is not registered; register it/,
    details: { orgId: ORG },
  },
  {
    name: 'a billing command before the registration',
    setup: [],
    command: start(PER_USER),
    code: 'OrganizationNotRegistered',
    message: /acme is not registered/,
  },
  {
    name: 'a second registration',
    setup: registered,
    command: register(),
    code: 'OrganizationAlreadyRegistered',
    message: /acme is already registered/,
  },
  {
    name: 'renewing before the subscription started',
    setup: registered,
    command: renew('2027-01-15'),
    code: 'SubscriptionNotStarted',
    message: /acme has no subscription; start one \(StartSubscription\) before RenewSubscription/,
  },
  {
    name: 'canceling before the subscription started',
    setup: registered,
    command: cancel(),
    code: 'SubscriptionNotStarted',
    message: /before CancelSubscription/,
  },
  {
    name: 'setting a cap before the subscription started',
    setup: registered,
    command: setCap(3),
    code: 'SubscriptionNotStarted',
    message: /before SetLicenseCap/,
  },
  {
    name: 'a second subscription',
    setup: perUser,
    command: start(PER_DEVICE_MONTHLY),
    code: 'SubscriptionAlreadyStarted',
    message: /already has a subscription, started 2026-01-15; renew it/,
    details: { startDate: '2026-01-15' },
  },
  {
    name: 'a subscription after a canceled one',
    setup: [...perUser, cancel()],
    command: start(PER_USER),
    code: 'SubscriptionAlreadyStarted',
    message: /since canceled/,
  },
  {
    name: 'renewing a canceled subscription',
    setup: [...perUser, cancel()],
    command: renew('2027-01-15'),
    code: 'SubscriptionCanceled',
    message: /subscription of organization acme is canceled; RenewSubscription/,
  },
  {
    name: 'canceling twice',
    setup: [...perUser, cancel()],
    command: cancel(),
    code: 'SubscriptionCanceled',
    message: /is canceled/,
  },
  {
    name: 'setting a cap on a canceled subscription',
    setup: [...perUser, cancel()],
    command: setCap(5),
    code: 'SubscriptionCanceled',
    message: /SetLicenseCap/,
  },
  {
    name: 'a renewal that does not start at the term end',
    setup: perUser,
    command: renew('2027-01-16'),
    code: 'InvalidRenewal',
    message: /data.termStart 2027-01-16 must equal the current term's end 2027-01-15/,
    details: { termStart: '2027-01-16', currentTermEnd: '2027-01-15' },
  },
  {
    name: 'renewing the same term twice',
    setup: [...perUser, renew('2027-01-15')],
    command: renew('2027-01-15'),
    code: 'InvalidRenewal',
    message: /must equal the current term's end 2028-01-15/,
  },
  {
    name: 'renewing a per-device monthly subscription',
    setup: [register(), start(PER_DEVICE_MONTHLY)],
    command: renew('2026-02-15'),
    code: 'InvalidRenewal',
    message: /per-device monthly subscription, which runs until canceled and is never renewed/,
    details: { currentTermEnd: null },
  },
  {
    name: 'a fifth device for a per-user user (default limit 4)',
    setup: [
      ...perUser,
      activate('d-1', 'u-1'),
      activate('d-2', 'u-1'),
      activate('d-3', 'u-1'),
      activate('d-4', 'u-1'),
    ],
    command: activate('d-5', 'u-1'),
    code: 'DeviceLimitReached',
    message: /^user u-1 already has 4 active devices, the plan's limit of 4; deactivate one first$/,
    details: { userId: 'u-1', activeDevices: 4, limit: 4 },
  },
  {
    name: 'reactivating past the limit',
    setup: [
      register(),
      start({ ...PER_DEVICE_MONTHLY, maxDevicesPerUser: 1 }),
      activate('d-1', 'u-1'),
      deactivate('d-1'),
      activate('d-2', 'u-1'),
    ],
    command: reactivate('d-1'),
    code: 'DeviceLimitReached',
    message: /user u-1 already has 1 active device, the plan's limit of 1/,
  },
  {
    name: 'a plan whose limit a user already exceeds',
    setup: [register(), activate('d-1', 'u-2'), activate('d-2', 'u-2'), activate('d-3', 'u-2')],
    command: start({ ...PER_DEVICE_MONTHLY, maxDevicesPerUser: 2 }),
    code: 'DeviceLimitReached',
    message: /user u-2 has 3 active devices but the plan allows 2 per user; deactivate 1 of them/,
    details: { userId: 'u-2', activeDevices: 3, limit: 2 },
  },
  {
    name: 'a new license holder at the per-user cap',
    setup: [...withDevice, setCap(1)],
    command: activate('d-2', 'u-2'),
    code: 'LicenseCapReached',
    message: /license cap 1 reached: 1 users already hold a license and user u-2 \(device d-2\)/,
    details: { cap: 1, inUse: 1, userId: 'u-2', deviceId: 'd-2', model: 'per-user' },
  },
  {
    name: 'a new device at the per-device cap',
    setup: [register(), start(PER_DEVICE_MONTHLY), activate('d-1', 'u-1'), setCap(1)],
    command: activate('d-2', 'u-1'),
    code: 'LicenseCapReached',
    message: /license cap 1 reached: 1 devices are already billable and device d-2 would be one more/,
    details: { cap: 1, inUse: 1, deviceId: 'd-2', model: 'per-device' },
  },
  {
    name: 'deactivating an unknown device',
    setup: perUser,
    command: deactivate('d-9'),
    code: 'UnknownDevice',
    message: /^device d-9 was never activated; activate it \(ActivateDevice\) first$/,
    details: { deviceId: 'd-9' },
  },
  {
    name: 'reactivating an unknown device',
    setup: perUser,
    command: reactivate('d-9'),
    code: 'UnknownDevice',
    message: /device d-9 was never activated/,
  },
  {
    name: 'an archive of an unknown device',
    setup: perUser,
    command: recordArchive('a-1', 'd-9'),
    code: 'UnknownDevice',
    message: /device d-9 was never activated/,
  },
  {
    name: 'purging an unknown archive',
    setup: withDevice,
    command: purge('a-9'),
    code: 'UnknownArchive',
    message: /archive a-9 was never created/,
    details: { archiveId: 'a-9' },
  },
  {
    name: 'deactivating an unknown user',
    setup: withDevice,
    command: deactivateUser('u-9', 'canceled'),
    code: 'UnknownUser',
    message: /user u-9 has never had a device/,
    details: { userId: 'u-9' },
  },
  {
    name: 'activating an active device',
    setup: withDevice,
    command: activate('d-1', 'u-1'),
    code: 'DeviceAlreadyActive',
    message: /device d-1 is already active/,
  },
  {
    name: 'reactivating an active device',
    setup: withDevice,
    command: reactivate('d-1'),
    code: 'DeviceAlreadyActive',
    message: /device d-1 is already active/,
  },
  {
    name: 'deactivating a deactivated device',
    setup: [...withDevice, deactivate('d-1')],
    command: deactivate('d-1'),
    code: 'DeviceNotActive',
    message: /device d-1 is deactivated; it is already deactivated/,
  },
  {
    name: 'an archive of a deactivated device',
    setup: [...withDevice, deactivate('d-1')],
    command: recordArchive('a-1', 'd-1'),
    code: 'DeviceNotActive',
    message: /device d-1 is deactivated; a deactivated device does not back up; reactivate it/,
  },
  {
    name: 'activating a known deactivated device',
    setup: [...withDevice, deactivate('d-1')],
    command: activate('d-1', 'u-1'),
    code: 'DeviceAlreadyExists',
    message:
      /device d-1 \(user u-1\) already exists and is deactivated; reactivate it \(ReactivateDevice\) instead/,
    details: { deviceId: 'd-1', userId: 'u-1' },
  },
  {
    name: 'recording an archive twice',
    setup: withArchive,
    command: recordArchive('a-1', 'd-1'),
    code: 'ArchiveAlreadyExists',
    message: /archive a-1 already exists/,
  },
  {
    name: 'recording a purged archive again',
    setup: [...withArchive, purge('a-1')],
    command: recordArchive('a-1', 'd-1'),
    code: 'ArchiveAlreadyExists',
    message: /archive a-1 already existed and was purged; a new archive needs a new id/,
  },
  {
    name: 'purging a purged archive',
    setup: [...withArchive, purge('a-1')],
    command: purge('a-1', 'retention-expired'),
    code: 'ArchiveAlreadyPurged',
    message: /archive a-1 is already purged/,
  },
  {
    name: 'deactivating a deactivated user with nothing left to remove',
    setup: [...withArchive, deactivateUser('u-1', 'canceled')],
    command: deactivateUser('u-1', 'admin'),
    code: 'UserAlreadyDeactivated',
    message: /user u-1 is already deactivated/,
  },
  {
    name: 'a cap of zero',
    setup: perUser,
    command: setCap(0),
    code: 'InvalidCommand',
    message: /^data.cap must be a positive integer, or null to remove the cap, got 0$/,
    details: { field: 'data.cap', value: 0 },
  },
  {
    name: 'a fractional cap',
    setup: perUser,
    command: setCap(2.5),
    code: 'InvalidCommand',
    message: /data.cap must be a positive integer/,
  },
  {
    name: 'an empty device id',
    setup: perUser,
    command: activate('', 'u-1'),
    code: 'InvalidCommand',
    message: /data.deviceId must be a non-empty string, got ""/,
  },
  {
    name: 'an instant that is not one',
    setup: perUser,
    command: { ...activate('d-1', 'u-1'), at: '2026-03-01 12:00' },
    code: 'InvalidCommand',
    message: /^at must be a UTC instant/,
  },
  {
    name: 'a command for another organization',
    setup: perUser,
    command: { ...activate('d-1', 'u-1'), orgId: 'globex' },
    code: 'InvalidCommand',
    message: /orgId must be acme, the organization this state belongs to, got "globex"/,
  },
  {
    name: 'a registration with an unknown time zone',
    setup: [],
    command: { ...register(), data: { ...register().data, timeZone: 'Mars/Olympus' } } as unknown as Command,
    code: 'InvalidCommand',
    message: /^data.timeZone: "Mars\/Olympus" is not an IANA time zone$/,
  },
  {
    name: 'a registration with an unknown currency',
    setup: [],
    command: { ...register(), data: { ...register().data, currency: 'XYZ' } } as unknown as Command,
    code: 'InvalidCommand',
    message: /data.currency must be an ISO 4217 currency code/,
  },
  {
    name: 'a price with more decimals than the currency',
    setup: registered,
    command: start({ ...PER_USER, annualPricePerLicense: '1000.005' }),
    code: 'InvalidCommand',
    message: /^data.plan.annualPricePerLicense: "1000.005" has more decimals than USD allows/,
  },
  {
    name: 'a start date that does not exist',
    setup: registered,
    command: start(PER_USER, '2026-02-30'),
    code: 'InvalidCommand',
    message: /data.startDate must be a date/,
  },
  {
    name: 'a yearly plan of three years',
    setup: registered,
    command: start({ ...PER_DEVICE_YEARLY, termYears: 3 as 1 }),
    code: 'InvalidCommand',
    message: /data.plan.termYears must be one of 1, 2, got 3/,
  },
  {
    name: 'a per-user renewal with a term length',
    setup: perUser,
    command: renew('2027-01-15', { termYears: 2 }),
    code: 'InvalidCommand',
    message: /^data.termYears must be 1 or absent: a per-user subscription year is always 1 year, got 2$/,
  },
  {
    name: 'a per-device renewal with a license price',
    setup: [register(), start(PER_DEVICE_YEARLY)],
    command: renew('2027-01-15', { annualPricePerLicense: '10.00' }),
    code: 'InvalidCommand',
    message: /data.annualPricePerLicense must be absent: the plan is per-device/,
  },
  {
    name: 'a manual purge with a cascade reason',
    setup: withArchive,
    command: { ...purge('a-1'), data: { archiveId: 'a-1', reason: 'canceled' } } as unknown as Command,
    code: 'InvalidCommand',
    message: /data.reason must be "cold-storage-purge" or "retention-expired"/,
  },
  {
    name: 'a user deactivation with an unknown reason',
    setup: withDevice,
    command: {
      ...deactivateUser('u-1', 'admin'),
      data: { userId: 'u-1', reason: 'fired' },
    } as unknown as Command,
    code: 'InvalidCommand',
    message: /data.reason must be one of "canceled", "ineligible", "admin", got "fired"/,
  },
  // Backdated commands (docs/counting.md, "Consistency in time"): judged where they land.
  {
    name: 'a deactivation dated before the device was activated (test vector 8)',
    setup: [...perUser, at(activate('d-2', 'u-1'), '2026-03-01T01:00:00Z')],
    command: at(deactivate('d-2'), '2026-02-01T00:00:00Z'),
    code: 'DeviceNotActiveAt',
    message: /device d-2 is not active at 2026-02-01T00:00:00Z \(first activated at 2026-03-01T01:00:00Z\)/,
    details: { at: '2026-02-01T00:00:00Z', conflictAt: '2026-03-01T01:00:00Z' },
  },
  {
    name: 'a reactivation dated while the device was still active',
    setup: [...withDevice, at(deactivate('d-1'), '2026-03-10T00:00:00Z')],
    command: at(reactivate('d-1'), '2026-03-05T00:00:00Z'),
    code: 'DeviceActiveAt',
    message: /device d-1 is already active at 2026-03-05T00:00:00Z/,
  },
  {
    name: 'a purge dated before the archive was created',
    setup: withArchive,
    command: at(purge('a-1'), '2026-02-01T00:00:00Z'),
    code: 'ArchiveNotCreatedAt',
    message:
      /archive a-1 does not exist yet at 2026-02-01T00:00:00Z \(it is created at 2026-03-01T12:00:00Z\)/,
  },
  {
    name: 'a user deactivation dated before the user had a device',
    setup: withDevice,
    command: at(deactivateUser('u-1', 'admin'), '2026-02-01T00:00:00Z'),
    code: 'UserNotKnownAt',
    message: /user u-1 has no device yet at 2026-02-01T00:00:00Z/,
  },
  {
    name: 'a deactivation dated before an archive recorded on the device',
    setup: [...withDevice, at(recordArchive('a-1', 'd-1'), '2026-03-20T00:00:00Z')],
    command: at(deactivate('d-1'), '2026-03-10T00:00:00Z'),
    code: 'TimelineConflict',
    message: /an archive created on it at 2026-03-20T00:00:00Z, after 2026-03-10T00:00:00Z/,
  },
  {
    name: 'issuing a date already issued',
    setup: [register(), start(PER_DEVICE_MONTHLY), issueInvoice('2026-01-15', '2026-01-20T00:00:00Z')],
    command: issueInvoice('2026-01-15', '2026-01-25T00:00:00Z'),
    code: 'InvoiceAlreadyIssued',
    message: /the invoice of organization acme for 2026-01-15 is issued already \(SC-1-1\)/,
    details: { billingDate: '2026-01-15', invoiceNumber: 'SC-1-1' },
  },
  {
    name: 'issuing a date before it starts',
    setup: [register(), start(PER_DEVICE_MONTHLY)],
    command: issueInvoice('2026-02-15', '2026-02-15T07:59:59Z'),
    code: 'InvoiceNotDue',
    message: /is not due at 2026-02-15T07:59:59Z: it is due from 2026-02-15T08:00:00Z/,
    details: { dueFrom: '2026-02-15T08:00:00Z' },
  },
  {
    name: 'issuing a date that is not a billing date',
    setup: [register(), start(PER_DEVICE_MONTHLY)],
    command: issueInvoice('2026-02-14', '2026-03-01T00:00:00Z'),
    code: 'NotABillingDate',
    message: /2026-02-14 is not a billing date of org "acme"/,
    details: { billingCode: 'NotABillingDate' },
  },
  {
    name: 'issuing a date in a year never renewed',
    setup: [register(), start(PER_USER)],
    command: issueInvoice('2027-01-15', '2027-02-01T00:00:00Z'),
    code: 'NotBilled',
    message: /is not billed on 2027-01-15/,
    details: { billingCode: 'NotBilled' },
  },
];

describe('decide rejections', () => {
  it.each(rejections)(
    'rejects $name with $code and emits nothing',
    ({ setup, command, code, message, details }) => {
      const { state } = given(setup);
      const decision = decide(command, state);
      expect(decision._tag).toBe('Left');
      if (decision._tag !== 'Left') return;
      expect(decision.left.code).toBe(code);
      expect(decision.left.message).toMatch(message);
      expect(isDecisionError(decision.left)).toBe(true);
      if (details !== undefined) expect(decision.left).toMatchObject(details);
    },
  );

  it('covers every rejection code at least once', () => {
    const codes = new Set(rejections.map((r) => r.code));
    for (const code of DECISION_ERROR_CODES) {
      expect(codes).toContain(code);
    }
  });
});

describe('decide accepts', () => {
  const accepted = (setup: Command[], command: Command) => {
    const decision = decide(command, given(setup).state);
    if (decision._tag === 'Left') throw new Error(`unexpected rejection: ${decision.left.message}`);
    return decision.right;
  };

  it('registers an organization with exactly the wire fields', () => {
    const command = register();
    const withExtra = { ...command, data: { ...command.data, note: 'dropped' } } as unknown as Command;
    expect(accepted([], withExtra)).toEqual([
      {
        type: 'OrganizationRegistered',
        orgId: 'acme',
        occurredAt: T0,
        data: {
          name: 'Acme Corp',
          serialCode: 'SC-1',
          billingAccount: 'BA-1',
          timeZone: 'America/Los_Angeles',
          currency: 'USD',
          coldStorage: true,
        },
      },
    ]);
  });

  it('starts a subscription', () => {
    expect(accepted(registered, start(PER_DEVICE_YEARLY, '2026-02-01'))).toEqual([
      {
        type: 'SubscriptionStarted',
        orgId: 'acme',
        occurredAt: T0,
        data: {
          startDate: '2026-02-01',
          plan: {
            model: 'per-device',
            billing: 'yearly',
            termYears: 1,
            annualPricePerDevice: '120.00',
            devices: 5,
          },
        },
      },
    ]);
  });

  it('renews at the term end, computed from the start date (Feb 29 anchor)', () => {
    const setup = [
      register(),
      start(PER_USER, '2024-02-29'),
      renew('2025-02-28'),
      renew('2026-02-28'),
      renew('2027-02-28'),
    ];
    expect(accepted(setup, renew('2028-02-29', { annualPricePerLicense: '1100.00' }))).toEqual([
      {
        type: 'SubscriptionRenewed',
        orgId: 'acme',
        occurredAt: AT,
        data: { termStart: '2028-02-29', annualPricePerLicense: '1100.00' },
      },
    ]);
  });

  it('renews a two-year per-device term two years on, and a one-year renewal one year after that', () => {
    const setup = [register(), start({ ...PER_DEVICE_YEARLY, termYears: 2 }, '2026-03-15')];
    expect(accepted(setup, renew('2028-03-15', { termYears: 1 }))).toHaveLength(1);
    expect(accepted([...setup, renew('2028-03-15', { termYears: 1 })], renew('2029-03-15'))).toHaveLength(1);
  });

  it('cancels, sets and removes a cap', () => {
    expect(accepted(perUser, cancel())).toEqual([
      { type: 'SubscriptionCanceled', orgId: 'acme', occurredAt: AT, data: {} },
    ]);
    expect(accepted(perUser, setCap(7))).toEqual([
      { type: 'LicenseCapSet', orgId: 'acme', occurredAt: AT, data: { cap: 7 } },
    ]);
    expect(accepted([...perUser, setCap(7)], setCap(null))).toEqual([
      { type: 'LicenseCapSet', orgId: 'acme', occurredAt: AT, data: { cap: null } },
    ]);
  });

  it('activates devices before any subscription, without a limit', () => {
    const setup = [register(), ...['d-1', 'd-2', 'd-3', 'd-4', 'd-5'].map((d) => activate(d, 'u-1'))];
    expect(accepted(setup, activate('d-6', 'u-1'))).toEqual([
      { type: 'DeviceActivated', orgId: 'acme', occurredAt: AT, data: { deviceId: 'd-6', userId: 'u-1' } },
    ]);
  });

  it('has no device limit on a per-device plan without one', () => {
    const setup = [
      register(),
      start(PER_DEVICE_MONTHLY),
      ...['d-1', 'd-2', 'd-3', 'd-4'].map((d) => activate(d, 'u-1')),
    ];
    expect(accepted(setup, activate('d-5', 'u-1'))).toHaveLength(1);
  });

  it('applies a per-user plan limit of its own instead of the default', () => {
    const setup = [
      register(),
      start({ ...PER_USER, maxDevicesPerUser: 6 }),
      ...['1', '2', '3', '4', '5'].map((n) => activate(`d-${n}`, 'u-1')),
    ];
    expect(accepted(setup, activate('d-6', 'u-1'))).toHaveLength(1);
  });

  it('lets a user activate again after a deactivation frees a slot', () => {
    const four = ['d-1', 'd-2', 'd-3', 'd-4'].map((d) => activate(d, 'u-1'));
    expect(accepted([...perUser, ...four, deactivate('d-2')], activate('d-5', 'u-1'))).toHaveLength(1);
  });

  it('reactivates, records an archive and purges it', () => {
    expect(accepted([...withDevice, deactivate('d-1')], reactivate('d-1'))).toEqual([
      { type: 'DeviceReactivated', orgId: 'acme', occurredAt: AT, data: { deviceId: 'd-1' } },
    ]);
    expect(accepted(withDevice, recordArchive('a-1', 'd-1'))).toEqual([
      { type: 'ArchiveCreated', orgId: 'acme', occurredAt: AT, data: { archiveId: 'a-1', deviceId: 'd-1' } },
    ]);
    expect(accepted(withArchive, purge('a-1', 'retention-expired'))).toEqual([
      {
        type: 'ArchivePurged',
        orgId: 'acme',
        occurredAt: AT,
        data: { archiveId: 'a-1', reason: 'retention-expired' },
      },
    ]);
  });

  it('accepts device commands after the subscription is canceled', () => {
    expect(accepted([...withDevice, cancel()], activate('d-2', 'u-1'))).toHaveLength(1);
  });
});
