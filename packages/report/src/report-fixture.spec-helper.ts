// A small per-device yearly history for the report's tests: devices come and go, some back up
// (so licenses are in use), the allocation is exceeded twice, and the term is renewed.
import { epochMsToInstant, instantToEpochMs, type TallyEvent } from '@tally/domain';

type Draft = Pick<TallyEvent, 'type' | 'occurredAt' | 'data'>;

const addSecond = (instant: string): string => epochMsToInstant(instantToEpochMs(instant) + 1000);

/** Events in stream order with ids e000, e001, ... and recordedAt one second after occurredAt. */
export function eventsOf(orgId: string, drafts: readonly Draft[]): TallyEvent[] {
  return drafts.map(
    (draft, i) =>
      ({
        ...draft,
        eventId: `e${String(i).padStart(3, '0')}`,
        orgId,
        recordedAt: addSecond(draft.occurredAt),
      }) as TallyEvent,
  );
}

const device = (at: string, deviceId: string, userId: string): Draft => ({
  type: 'DeviceActivated',
  occurredAt: at,
  data: { deviceId, userId },
});
const archive = (at: string, archiveId: string, deviceId: string): Draft => ({
  type: 'ArchiveCreated',
  occurredAt: at,
  data: { archiveId, deviceId },
});

export const YEARLY_ORG = 'acme';

export function yearlyHistory(name = 'Acme Backup'): TallyEvent[] {
  return eventsOf(YEARLY_ORG, [
    {
      type: 'OrganizationRegistered',
      occurredAt: '2025-02-01T12:00:00Z',
      data: {
        name,
        serialCode: 'SC-1',
        billingAccount: 'BA-1',
        timeZone: 'America/Los_Angeles',
        currency: 'USD',
        coldStorage: true,
      },
    },
    {
      type: 'SubscriptionStarted',
      occurredAt: '2025-02-01T12:05:00Z',
      data: {
        startDate: '2025-03-15',
        plan: {
          model: 'per-device',
          billing: 'yearly',
          termYears: 1,
          annualPricePerDevice: '120.00',
          devices: 2,
        },
      },
    },
    device('2025-03-01T17:00:00Z', 'd1', 'u1'),
    archive('2025-03-02T17:00:00Z', 'a1', 'd1'),
    device('2025-03-20T17:00:00Z', 'd2', 'u2'),
    archive('2025-04-02T17:00:00Z', 'a2', 'd2'),
    // Two more in the summer: over the allocation of 2 at the 2025-07-15 check.
    device('2025-06-20T17:00:00Z', 'd3', 'u1'),
    device('2025-07-01T17:00:00Z', 'd4', 'u3'),
    archive('2025-07-03T17:00:00Z', 'a4', 'd4'),
    // d3 leaves without an archive: freed, the allocation stays 4.
    { type: 'DeviceDeactivated', occurredAt: '2025-08-10T17:00:00Z', data: { deviceId: 'd3' } },
    // One more in September: 4 billable again (fits), then a fifth: over at the 2025-10-15 check.
    device('2025-09-01T17:00:00Z', 'd5', 'u4'),
    archive('2025-09-02T17:00:00Z', 'a5', 'd5'),
    device('2025-10-05T17:00:00Z', 'd6', 'u4'),
    // d2 is deactivated, its archive stays in cold storage until purged in December.
    { type: 'DeviceDeactivated', occurredAt: '2025-11-20T17:00:00Z', data: { deviceId: 'd2' } },
    {
      type: 'ArchivePurged',
      occurredAt: '2025-12-10T17:00:00Z',
      data: { archiveId: 'a2', reason: 'cold-storage-purge' },
    },
    { type: 'SubscriptionRenewed', occurredAt: '2026-02-01T12:00:00Z', data: { termStart: '2026-03-15' } },
    { type: 'DeviceDeactivated', occurredAt: '2026-02-20T17:00:00Z', data: { deviceId: 'd6' } },
  ]);
}

export const YEARLY_OPTIONS = {
  orgId: YEARLY_ORG,
  from: '2025-03-15',
  to: '2026-05-31',
  asKnownAt: '2026-06-01T00:00:00Z',
} as const;
