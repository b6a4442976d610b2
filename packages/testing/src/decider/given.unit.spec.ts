import { AssertionError } from 'node:assert';
import type { Command, TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { given } from './given.js';

const registered: TallyEvent = {
  type: 'OrganizationRegistered',
  eventId: 'e-1',
  orgId: 'acme',
  occurredAt: '2026-01-01T00:00:00Z',
  recordedAt: '2026-01-01T00:00:00Z',
  data: {
    name: 'Acme',
    serialCode: 'SC',
    billingAccount: 'BA',
    timeZone: 'UTC',
    currency: 'USD',
    coldStorage: false,
  },
};
const started = {
  type: 'SubscriptionStarted',
  orgId: 'acme',
  occurredAt: '2026-01-01T00:00:01Z',
  data: {
    startDate: '2026-01-15',
    plan: { model: 'per-user', annualPricePerLicense: '100.00', initialLicenses: 1, maxDevicesPerUser: 1 },
  },
} as const;
const activate = (deviceId: string): Command => ({
  type: 'ActivateDevice',
  orgId: 'acme',
  at: '2026-02-01T00:00:00Z',
  data: { deviceId, userId: 'u-1' },
});
const activated = (deviceId: string) => ({
  type: 'DeviceActivated' as const,
  orgId: 'acme',
  occurredAt: '2026-02-01T00:00:00Z',
  data: { deviceId, userId: 'u-1' },
});

describe('given/when/then', () => {
  it('passes when the decider emits the expected events (orgId and occurredAt default to the command)', () => {
    given([registered, started])
      .when(activate('d-1'))
      .then([{ type: 'DeviceActivated', data: { deviceId: 'd-1', userId: 'u-1' } }]);
  });

  it('passes on the expected rejection, by then({ code }) or thenError', () => {
    const history = [registered, started, activated('d-1')];
    given(history).when(activate('d-2')).then({ code: 'DeviceLimitReached' });
    given(history).when(activate('d-2')).thenError('DeviceLimitReached');
  });

  it('fails on wrong events with an AssertionError naming the command and showing the diff', () => {
    const wrong = () =>
      given([registered, started])
        .when(activate('d-1'))
        .then([{ type: 'DeviceActivated', data: { deviceId: 'd-9', userId: 'u-1' } }]);
    expect(wrong).toThrow(AssertionError);
    expect(wrong).toThrow(/given 2 event\(s\), when ActivateDevice \{"deviceId":"d-1","userId":"u-1"\}/);
    expect(wrong).toThrow(/d-9/);
  });

  it('fails when a rejection was expected but events came, and the other way round, quoting the decider', () => {
    expect(() => given([registered, started]).when(activate('d-1')).thenError('UnknownDevice')).toThrow(
      /rejected with UnknownDevice/,
    );
    expect(() =>
      given([registered, started, activated('d-1')])
        .when(activate('d-2'))
        .then([activated('d-2')]),
    ).toThrow(/the decider said: .*u-1/);
    expect(() =>
      given([registered, started, activated('d-1')])
        .when(activate('d-2'))
        .thenError('LicenseCapReached'),
    ).toThrow(/DeviceLimitReached/);
  });

  it('fails when fewer or more events are expected than emitted', () => {
    expect(() => given([registered, started]).when(activate('d-1')).then([])).toThrow(AssertionError);
  });
});
