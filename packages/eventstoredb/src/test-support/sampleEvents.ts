// Events for this package's tests: one of each shape that matters to the storage mapping
// (nested data, null, empty data, optional fields, decimal strings, a non-UUID eventId).
import { randomUUID } from 'node:crypto';
import { type DeviceActivated, type TallyEvent, upcastInvoiceV1 } from '@tally/domain';

export const uniqueStream = (label: string): string => `test-${label}-${randomUUID().replaceAll('-', '')}`;

/** A small, valid org history with fresh eventIds. */
export const sampleHistory = (orgId: string): TallyEvent[] => [
  {
    type: 'OrganizationRegistered',
    eventId: randomUUID(),
    orgId,
    occurredAt: '2026-01-01T00:00:00Z',
    recordedAt: '2026-01-01T00:00:01.25Z',
    data: {
      name: 'Acme Backup Ltd',
      serialCode: 'ACME-001',
      billingAccount: 'ba-42',
      timeZone: 'America/Los_Angeles',
      currency: 'USD',
      rounding: 'half-even',
      coldStorage: true,
    },
  },
  {
    type: 'SubscriptionStarted',
    eventId: randomUUID().toUpperCase(),
    orgId,
    occurredAt: '2026-01-02T00:00:00Z',
    recordedAt: '2026-01-02T00:00:00Z',
    data: {
      startDate: '2026-01-31',
      plan: {
        model: 'per-user',
        annualPricePerLicense: '1000.00',
        initialLicenses: 3,
        tallySchedule: [{ month: 2, day: 15 }],
      },
    },
  },
  {
    type: 'LicenseCapSet',
    eventId: 'cap-set-not-a-uuid',
    orgId,
    occurredAt: '2026-01-03T00:00:00Z',
    recordedAt: '2026-01-03T00:00:00Z',
    data: { cap: null },
  },
  {
    type: 'DeviceActivated',
    eventId: randomUUID(),
    orgId,
    occurredAt: '2026-03-07T06:59:59Z',
    recordedAt: '2026-03-07T07:00:02Z',
    data: { deviceId: 'd-1', userId: 'u-1' },
  },
  {
    type: 'ArchivePurged',
    eventId: randomUUID(),
    orgId,
    occurredAt: '2026-03-08T00:00:00Z',
    recordedAt: '2026-03-08T00:00:00Z',
    data: { archiveId: 'a-1', reason: 'cold-storage-purge' },
  },
  {
    type: 'InvoiceIssued',
    eventId: randomUUID(),
    orgId,
    occurredAt: '2026-03-09T07:00:00Z',
    recordedAt: '2026-03-09T07:00:00Z',
    data: upcastInvoiceV1({
      orgId,
      billingDate: '2026-03-09',
      currency: 'USD',
      asKnownAt: '2026-03-09T07:00:00Z',
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
    }),
  },
  {
    type: 'SubscriptionCanceled',
    eventId: randomUUID(),
    orgId,
    occurredAt: '2026-04-01T00:00:00Z',
    recordedAt: '2026-04-01T00:00:00Z',
    data: {},
  },
];

/** `count` DeviceActivated events numbered from `from`, each with a fresh eventId. */
export const deviceEvents = (orgId: string, count: number, from = 0): DeviceActivated[] =>
  Array.from({ length: count }, (_, offset) => ({
    type: 'DeviceActivated',
    eventId: randomUUID(),
    orgId,
    occurredAt: '2026-03-06T23:30:00Z',
    recordedAt: '2026-03-06T23:30:02Z',
    data: { deviceId: `d-${from + offset}`, userId: `u-${(from + offset) % 5}` },
  }));
