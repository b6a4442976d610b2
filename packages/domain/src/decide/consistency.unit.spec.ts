import { describe, expect, it } from 'vitest';
import { entityRecords } from '../entities/records.js';
import type { TallyEvent } from '../events/types.js';
import { checkEvent, replayChecked } from './consistency.js';
import {
  activate,
  cancel,
  deactivate,
  given,
  PER_DEVICE_MONTHLY,
  PER_DEVICE_YEARLY,
  PER_USER,
  purge,
  recordArchive,
  register,
  renew,
  start,
} from './decide.spec-helper.js';
import { initialOrgState } from './org-state.js';

const base = given([
  register(),
  start(PER_USER),
  activate('d-1', 'u-1'),
  recordArchive('a-1', 'd-1'),
  activate('d-2', 'u-1'),
  deactivate('d-2'),
  purge('a-1'),
]);

const meta = { orgId: 'acme', occurredAt: '2026-04-01T00:00:00Z', recordedAt: '2026-04-01T00:00:00Z' };
const event = (type: string, data: object, eventId = 'x-1'): TallyEvent =>
  ({ type, eventId, ...meta, data }) as unknown as TallyEvent;

const invoice = (overrides: object = {}) =>
  event('InvoiceIssued', {
    orgId: 'acme',
    billingDate: '2026-02-15',
    currency: 'USD',
    asKnownAt: '2026-04-01T00:00:00Z',
    number: null,
    document: 'invoice',
    lines: [],
    total: '0.00',
    manifest: null,
    ...overrides,
  });

describe('checkEvent', () => {
  it.each([
    [
      'a second registration',
      register().data,
      'OrganizationRegistered',
      'type',
      /acme is already registered/,
    ],
    [
      'a second subscription',
      { startDate: '2026-02-01', plan: PER_USER },
      'SubscriptionStarted',
      'type',
      /already started on 2026-01-15/,
    ],
    [
      'a renewal off the term end',
      { termStart: '2027-02-01' },
      'SubscriptionRenewed',
      'data.termStart',
      /renewal starts 2027-02-01 but the current term ends 2027-01-15/,
    ],
    [
      'activating an active device',
      { deviceId: 'd-1', userId: 'u-1' },
      'DeviceActivated',
      'data.deviceId',
      /device d-1 is already active/,
    ],
    [
      'activating a known deactivated device',
      { deviceId: 'd-2', userId: 'u-1' },
      'DeviceActivated',
      'data.deviceId',
      /d-2 already exists \(deactivated\)/,
    ],
    [
      'deactivating an unknown device',
      { deviceId: 'd-9' },
      'DeviceDeactivated',
      'data.deviceId',
      /^data.deviceId: device d-9 was never activated$/,
    ],
    [
      'deactivating a deactivated device',
      { deviceId: 'd-2' },
      'DeviceDeactivated',
      'data.deviceId',
      /d-2 is already deactivated/,
    ],
    [
      'reactivating an unknown device',
      { deviceId: 'd-9' },
      'DeviceReactivated',
      'data.deviceId',
      /d-9 was never activated/,
    ],
    [
      'reactivating an active device',
      { deviceId: 'd-1' },
      'DeviceReactivated',
      'data.deviceId',
      /d-1 is already active/,
    ],
    [
      'an archive created twice',
      { archiveId: 'a-1', deviceId: 'd-1' },
      'ArchiveCreated',
      'data.archiveId',
      /a-1 was already created/,
    ],
    [
      'an archive of an unknown device',
      { archiveId: 'a-2', deviceId: 'd-9' },
      'ArchiveCreated',
      'data.deviceId',
      /d-9 was never activated/,
    ],
    [
      'an archive of a deactivated device',
      { archiveId: 'a-2', deviceId: 'd-2' },
      'ArchiveCreated',
      'data.deviceId',
      /d-2 is deactivated/,
    ],
    [
      'purging an unknown archive',
      { archiveId: 'a-9', reason: 'retention-expired' },
      'ArchivePurged',
      'data.archiveId',
      /a-9 was never created/,
    ],
    [
      'purging a purged archive',
      { archiveId: 'a-1', reason: 'retention-expired' },
      'ArchivePurged',
      'data.archiveId',
      /a-1 is already purged/,
    ],
    [
      'deactivating an unknown user',
      { userId: 'u-9', reason: 'admin' },
      'UserDeactivated',
      'data.userId',
      /u-9 never had a device/,
    ],
  ])('refuses %s', (_name, data, type, field, message) => {
    const found = checkEvent(base.state, event(type, data, 'bad-1'));
    expect(found).toMatchObject({ index: base.log.length, eventId: 'bad-1', field });
    expect(found?.message).toMatch(message);
    expect(found?.message.startsWith(`${field}: `)).toBe(true);
  });

  it('refuses any event before the registration', () => {
    expect(
      checkEvent(initialOrgState(), event('DeviceActivated', { deviceId: 'd-1', userId: 'u-1' })),
    ).toMatchObject({
      index: 0,
      field: 'type',
      message:
        'type: DeviceActivated comes before OrganizationRegistered; a log starts with the registration',
    });
  });

  it('refuses an event about another organization', () => {
    const other = { ...event('DeviceDeactivated', { deviceId: 'd-1' }), orgId: 'globex' } as TallyEvent;
    expect(checkEvent(base.state, other)?.field).toBe('orgId');
  });

  it('refuses billing events without a subscription, and after a cancellation', () => {
    const registered = given([register()]).state;
    expect(checkEvent(registered, event('LicenseCapSet', { cap: 3 }))?.field).toBe('type');
    expect(checkEvent(registered, event('SubscriptionCanceled', {}))?.message).toMatch(
      /before SubscriptionStarted/,
    );
    expect(checkEvent(registered, invoice())?.message).toMatch(/InvoiceIssued before SubscriptionStarted/);
    const canceled = given([register(), start(PER_USER), cancel()]).state;
    expect(checkEvent(canceled, event('SubscriptionCanceled', {}))?.message).toMatch(/already canceled/);
    expect(checkEvent(canceled, event('SubscriptionRenewed', { termStart: '2027-01-15' }))?.message).toMatch(
      /after the subscription was canceled/,
    );
    const monthly = given([register(), start(PER_DEVICE_MONTHLY)]).state;
    expect(checkEvent(monthly, event('SubscriptionRenewed', { termStart: '2026-02-15' }))?.message).toMatch(
      /never renewed/,
    );
  });

  it('refuses a per-user renewal of more than one year', () => {
    const found = checkEvent(
      base.state,
      event('SubscriptionRenewed', { termStart: '2027-01-15', termYears: 2 }),
    );
    expect(found).toMatchObject({
      field: 'data.termYears',
      message: 'data.termYears: a per-user subscription year is 1 year, not 2',
    });
  });

  // Drift the copies of the renewal rule once allowed: the checker, counts and verify took it,
  // invoices refused it without a line. One rule now (subscription/renewal-fields.ts).
  it('refuses a renewal carrying the price field of the other model, as billing does', () => {
    const found = checkEvent(
      base.state,
      event('SubscriptionRenewed', { termStart: '2027-01-15', annualPricePerDevice: '12.00' }),
    );
    expect(found).toMatchObject({
      field: 'data.annualPricePerDevice',
      message:
        'data.annualPricePerDevice: annualPricePerDevice on a per-user subscription (use annualPricePerLicense)',
    });
    const yearly = given([register(), start(PER_DEVICE_YEARLY)]);
    expect(
      checkEvent(
        yearly.state,
        event('SubscriptionRenewed', { termStart: '2027-01-15', annualPricePerLicense: '12.00' }),
      )?.field,
    ).toBe('data.annualPricePerLicense');
  });

  it('refuses an invoice for another organization or currency', () => {
    expect(checkEvent(base.state, invoice({ orgId: 'globex' }))?.field).toBe('data.orgId');
    expect(checkEvent(base.state, invoice({ currency: 'EUR' }))?.field).toBe('data.currency');
    expect(checkEvent(base.state, invoice())).toBeUndefined();
  });

  it('accepts what decide allows, including events past business limits', () => {
    expect(checkEvent(base.state, event('DeviceReactivated', { deviceId: 'd-2' }))).toBeUndefined();
    expect(checkEvent(base.state, event('SubscriptionRenewed', { termStart: '2027-01-15' }))).toBeUndefined();
    expect(
      checkEvent(base.state, event('UserDeactivated', { userId: 'u-1', reason: 'admin' })),
    ).toBeUndefined();
    // A fifth device on a per-user plan breaks the limit, not the log.
    const four = given([
      register(),
      start(PER_USER),
      ...['1', '2', '3', '4'].map((n) => activate(`d-${n}`, 'u-1')),
    ]);
    expect(
      checkEvent(four.state, event('DeviceActivated', { deviceId: 'd-5', userId: 'u-1' })),
    ).toBeUndefined();
  });
});

describe('replayChecked', () => {
  it('replays a consistent log into the state the deciders built', () => {
    const replayed = replayChecked(base.log);
    expect(replayed).toEqual({ _tag: 'Right', right: base.state });
  });

  it('names the index and eventId of the first inconsistent event', () => {
    const log = [
      ...base.log,
      event('DeviceDeactivated', { deviceId: 'd-9' }, 'evt-bad'),
      event('ArchivePurged', { archiveId: 'a-1', reason: 'retention-expired' }, 'evt-worse'),
    ];
    expect(replayChecked(log)).toEqual({
      _tag: 'Left',
      left: {
        index: 7,
        eventId: 'evt-bad',
        field: 'data.deviceId',
        message: 'data.deviceId: device d-9 was never activated',
      },
    });
  });

  it('refuses a log that does not start with the registration', () => {
    const replayed = replayChecked(base.log.slice(1));
    expect(replayed._tag === 'Left' && replayed.left).toMatchObject({
      index: 0,
      eventId: 'e-1',
      field: 'type',
    });
  });

  it('refuses a repeated eventId, naming where it first appeared', () => {
    const repeated = { ...(base.log[2] as TallyEvent), eventId: 'e-1' } as TallyEvent;
    const replayed = replayChecked([...base.log.slice(0, 2), repeated]);
    expect(replayed._tag === 'Left' && replayed.left).toEqual({
      index: 2,
      eventId: 'e-1',
      field: 'eventId',
      message: 'eventId: e-1 already appears at index 1; event ids are unique',
    });
  });

  it('never infers events: a UserDeactivated alone leaves devices and archives as they were', () => {
    const log = [
      ...base.log.slice(0, 4),
      event('UserDeactivated', { userId: 'u-1', reason: 'canceled' }, 'e-99'),
    ];
    const replayed = replayChecked(log);
    if (replayed._tag === 'Left') throw new Error(replayed.left.message);
    expect(entityRecords(replayed.right.entities).devices.get('d-1')?.active).toBe(true);
    expect(entityRecords(replayed.right.entities).archives.get('a-1')?.retained).toBe(true);
    expect(replayed.right.version).toBe(5);
  });

  it('accepts renewals at each term end', () => {
    const log = given([
      register(),
      start(PER_USER, '2024-02-29'),
      renew('2025-02-28'),
      renew('2026-02-28'),
    ]).log;
    expect(replayChecked(log)._tag).toBe('Right');
  });
});
