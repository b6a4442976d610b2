// FlatEntities must accept exactly the entity events checkEvent accepts, and count exactly as the
// domain's OrgState does, on any sequence of events over a few ids (so most of them clash).
import { fc, test } from '@fast-check/vitest';
import { applyOrgEvent, checkEvent, initialOrgState, type TallyEvent } from '@tally/domain';
import { expect } from 'vitest';
import { FlatEntities } from './flat-entities.js';

const ORG = 'acme';
const AT = '2026-03-07T07:00:00Z';

const registration: TallyEvent = {
  type: 'OrganizationRegistered',
  eventId: 'e-0',
  orgId: ORG,
  occurredAt: AT,
  recordedAt: AT,
  data: {
    name: ORG,
    serialCode: 'S-1',
    billingAccount: 'BA-1',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    coldStorage: true,
  },
};

const device = fc.constantFrom('d-0', 'd-1', 'd-2', 'device-with-a-long-id-3');
const archive = fc.constantFrom('a-0', 'a-1', 'archive-with-a-long-id-2');
const user = fc.constantFrom('u-0', 'u-1', 'u-é');

const arbData = fc.oneof(
  fc.record({
    type: fc.constant('DeviceActivated' as const),
    data: fc.record({ deviceId: device, userId: user }),
  }),
  fc.record({
    type: fc.constantFrom('DeviceDeactivated' as const, 'DeviceReactivated' as const),
    data: fc.record({ deviceId: device }),
  }),
  fc.record({
    type: fc.constant('ArchiveCreated' as const),
    data: fc.record({ archiveId: archive, deviceId: device }),
  }),
  fc.record({
    type: fc.constant('ArchivePurged' as const),
    data: fc.record({ archiveId: archive, reason: fc.constant('cold-storage-purge' as const) }),
  }),
  fc.record({
    type: fc.constant('UserDeactivated' as const),
    data: fc.record({ userId: user, reason: fc.constant('admin' as const) }),
  }),
);

test.prop([fc.array(arbData, { minLength: 20, maxLength: 80 })], { numRuns: 300 })(
  'accepts and counts as checkEvent and applyOrgEvent',
  (steps) => {
    const state = initialOrgState();
    applyOrgEvent(state, registration);
    const flat = new FlatEntities();
    steps.forEach((step, index) => {
      const event = {
        ...step,
        eventId: `e-${index + 1}`,
        orgId: ORG,
        occurredAt: AT,
        recordedAt: AT,
      } as TallyEvent;
      const accepted = checkEvent(state, event) === undefined;
      expect(flat.applyEvent(event)).toBe(accepted);
      if (accepted) applyOrgEvent(state, event);
      const { activeDevices, billableDevices, licensesInUse, licenseHolders } = state.entities;
      expect({ ...flat }).toMatchObject({ activeDevices, billableDevices, licensesInUse, licenseHolders });
    });
  },
);
