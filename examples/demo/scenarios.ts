// Three sample organizations, written as the commands a billing team would send over a year.
// Each scenario is plain data so the demo, the docs and the tests can share it.
import type { Command, Instant } from '@tally/domain';

export interface Scenario {
  readonly orgId: string;
  readonly title: string;
  /** The span the demo prints invoices for (inclusive civil dates). */
  readonly from: string;
  readonly to: string;
  readonly commands: readonly Command[];
}

/** Builds commands for one organization, in the order they happen. */
function commandsFor(orgId: string) {
  const commands: Command[] = [];
  const add = (at: Instant, command: Omit<Command, 'orgId' | 'at'>) =>
    commands.push({ ...command, orgId, at } as Command);
  const deviceWithBackup = (at: Instant, deviceId: string, userId: string) => {
    add(at, { type: 'ActivateDevice', data: { deviceId, userId } });
    add(at, { type: 'RecordArchive', data: { archiveId: `${deviceId}-archive`, deviceId } });
  };
  return { commands, add, deviceWithBackup };
}

/** A university department on per-user licensing with quarterly true-ups (Stanford's model). */
function physicsDepartment(suffix: string): Scenario {
  const orgId = `physics${suffix}`;
  const { commands, add, deviceWithBackup } = commandsFor(orgId);
  add('2026-01-05T17:00:00Z', {
    type: 'RegisterOrganization',
    data: {
      name: 'Department of Physics',
      serialCode: 'PHYS-2026',
      billingAccount: 'PTA 1234567-1-AAAAA',
      timeZone: 'America/Los_Angeles',
      currency: 'USD',
      coldStorage: true,
    },
  });
  add('2026-01-05T17:05:00Z', {
    type: 'StartSubscription',
    data: {
      startDate: '2026-01-15',
      plan: { model: 'per-user', annualPricePerLicense: '120.00', initialLicenses: 8 },
    },
  });
  for (let i = 1; i <= 10; i += 1)
    deviceWithBackup(`2026-01-${10 + i}T18:00:00Z`, `phys-laptop-${i}`, `user-${i}`);
  // Spring: three postdocs arrive; one user never backs up, so holds no license.
  for (let i = 11; i <= 13; i += 1)
    deviceWithBackup(`2026-04-0${i - 8}T18:00:00Z`, `phys-laptop-${i}`, `user-${i}`);
  add('2026-04-20T18:00:00Z', {
    type: 'ActivateDevice',
    data: { deviceId: 'phys-desktop-14', userId: 'user-14' },
  });
  // Summer: two graduates leave; their data is deleted when the accounts are cancelled.
  add('2026-06-30T20:00:00Z', { type: 'DeactivateUser', data: { userId: 'user-2', reason: 'canceled' } });
  add('2026-06-30T20:00:00Z', { type: 'DeactivateUser', data: { userId: 'user-3', reason: 'canceled' } });
  // Autumn: a new cohort of five.
  for (let i = 15; i <= 19; i += 1)
    deviceWithBackup(`2026-09-${i}T18:00:00Z`, `phys-laptop-${i}`, `user-${i}`);
  return {
    orgId,
    title: 'Physics (per-user, quarterly true-up)',
    from: '2026-01-15',
    to: '2026-12-15',
    commands,
  };
}

/** A small business paying monthly per device, with cold storage for departed machines. */
function smallBusiness(suffix: string): Scenario {
  const orgId = `harbor-dental${suffix}`;
  const { commands, add, deviceWithBackup } = commandsFor(orgId);
  add('2026-02-01T14:00:00Z', {
    type: 'RegisterOrganization',
    data: {
      name: 'Harbor Dental',
      serialCode: 'HD-0001',
      billingAccount: 'ACCT-88',
      timeZone: 'America/New_York',
      currency: 'USD',
      coldStorage: true,
    },
  });
  add('2026-02-01T14:05:00Z', {
    type: 'StartSubscription',
    data: {
      startDate: '2026-02-10',
      plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '9.99' },
    },
  });
  for (let i = 1; i <= 6; i += 1) deviceWithBackup(`2026-02-0${i + 1}T15:00:00Z`, `hd-pc-${i}`, `staff-${i}`);
  deviceWithBackup('2026-05-04T15:00:00Z', 'hd-pc-7', 'staff-7');
  // A workstation is retired in June; its archive stays in cold storage until purged in September.
  add('2026-06-15T15:00:00Z', { type: 'DeactivateDevice', data: { deviceId: 'hd-pc-3' } });
  add('2026-09-01T15:00:00Z', {
    type: 'PurgeArchive',
    data: { archiveId: 'hd-pc-3-archive', reason: 'cold-storage-purge' },
  });
  return {
    orgId,
    title: 'Harbor Dental (per-device, monthly)',
    from: '2026-02-10',
    to: '2027-01-10',
    commands,
  };
}

/** A research lab on a two-year per-device term that outgrows its allocation. */
function researchLab(suffix: string): Scenario {
  const orgId = `genomics-lab${suffix}`;
  const { commands, add, deviceWithBackup } = commandsFor(orgId);
  add('2026-01-02T09:00:00Z', {
    type: 'RegisterOrganization',
    data: {
      name: 'Genomics Lab',
      serialCode: 'GEN-77',
      billingAccount: 'GRANT-R01-4471',
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      rounding: 'half-even',
      coldStorage: false,
    },
  });
  add('2026-01-02T09:05:00Z', {
    type: 'StartSubscription',
    data: {
      startDate: '2026-01-31',
      plan: {
        model: 'per-device',
        billing: 'yearly',
        termYears: 2,
        annualPricePerDevice: '60.00',
        devices: 20,
      },
    },
  });
  for (let i = 1; i <= 18; i += 1)
    deviceWithBackup(
      `2026-01-${String(10 + i).padStart(2, '0')}T10:00:00Z`,
      `gl-node-${i}`,
      `researcher-${i}`,
    );
  // The sequencing project adds machines in spring and again in autumn.
  for (let i = 19; i <= 24; i += 1)
    deviceWithBackup(`2026-04-${String(i).padStart(2, '0')}T10:00:00Z`, `gl-node-${i}`, `researcher-${i}`);
  // Four old nodes are decommissioned in the summer: no refund, the allocation stays.
  for (let i = 1; i <= 4; i += 1)
    add(`2026-07-0${i}T10:00:00Z`, { type: 'DeactivateDevice', data: { deviceId: `gl-node-${i}` } });
  for (let i = 25; i <= 31; i += 1)
    deviceWithBackup(
      `2026-10-${String(i - 10).padStart(2, '0')}T10:00:00Z`,
      `gl-node-${i}`,
      `researcher-${i}`,
    );
  return {
    orgId,
    title: 'Genomics Lab (per-device, 2-year term)',
    from: '2026-01-31',
    to: '2026-12-31',
    commands,
  };
}

/** The three scenarios; `suffix` is appended to each organization id. */
export const scenarios = (suffix = ''): readonly Scenario[] => [
  physicsDepartment(suffix),
  smallBusiness(suffix),
  researchLab(suffix),
];
