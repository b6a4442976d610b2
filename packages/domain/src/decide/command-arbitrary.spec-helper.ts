// Random command sequences for one organization: small id pools so that commands collide
// (the same device activated twice, archives of deactivated devices, users over the limit),
// and every command type, the subscription start included, anywhere in the sequence.
import { fc } from '@fast-check/vitest';
import type { Plan } from '../events/types.js';
import type { Command } from './commands.js';
import { ORG } from './decide.spec-helper.js';

const deviceId = fc.constantFrom('d-0', 'd-1', 'd-2', 'd-3', 'd-4', 'd-5');
const userId = fc.constantFrom('u-0', 'u-1', 'u-2');
const archiveId = fc.constantFrom('a-0', 'a-1', 'a-2', 'a-3', 'a-4', 'a-5');
const at = fc.constantFrom('2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z', '2026-05-20T08:30:00Z');
const limit = fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined });
const withLimit = (maxDevicesPerUser: number | undefined) =>
  maxDevicesPerUser === undefined ? {} : { maxDevicesPerUser };

export const planArbitrary: fc.Arbitrary<Plan> = fc.oneof(
  fc.tuple(fc.nat(5), limit).map(
    ([initialLicenses, max]): Plan => ({
      model: 'per-user',
      annualPricePerLicense: '1000.00',
      initialLicenses,
      ...withLimit(max),
    }),
  ),
  limit.map(
    (max): Plan => ({
      model: 'per-device',
      billing: 'monthly',
      monthlyPricePerDevice: '10.00',
      ...withLimit(max),
    }),
  ),
  fc.tuple(fc.constantFrom(1 as const, 2 as const), fc.nat(4), limit).map(
    ([termYears, devices, max]): Plan => ({
      model: 'per-device',
      billing: 'yearly',
      termYears,
      annualPricePerDevice: '120.00',
      devices,
      ...withLimit(max),
    }),
  ),
);

const command = <C extends Command>(type: C['type'], data: fc.Arbitrary<C['data']>): fc.Arbitrary<Command> =>
  fc.tuple(at, data).map(([when, payload]) => ({ type, orgId: ORG, at: when, data: payload }) as Command);

/** One command of any type (registration excluded: sequences start with it). */
export const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: command('ActivateDevice', fc.record({ deviceId, userId })), weight: 6 },
  { arbitrary: command('DeactivateDevice', fc.record({ deviceId })), weight: 3 },
  { arbitrary: command('ReactivateDevice', fc.record({ deviceId })), weight: 4 },
  { arbitrary: command('RecordArchive', fc.record({ archiveId, deviceId })), weight: 6 },
  {
    arbitrary: command(
      'PurgeArchive',
      fc.record({
        archiveId,
        reason: fc.constantFrom('cold-storage-purge' as const, 'retention-expired' as const),
      }),
    ),
    weight: 2,
  },
  {
    arbitrary: command(
      'DeactivateUser',
      fc.record({
        userId,
        reason: fc.constantFrom('canceled' as const, 'ineligible' as const, 'admin' as const),
      }),
    ),
    weight: 1,
  },
  {
    arbitrary: command(
      'SetLicenseCap',
      fc.record({ cap: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null, freq: 6 }) }),
    ),
    weight: 3,
  },
  {
    arbitrary: command(
      'StartSubscription',
      fc.record({ startDate: fc.constant('2026-01-15'), plan: planArbitrary }),
    ),
    weight: 1,
  },
  {
    arbitrary: command(
      'RenewSubscription',
      fc.record({ termStart: fc.constantFrom('2027-01-15', '2028-01-15', '2026-02-15') }),
    ),
    weight: 1,
  },
  { arbitrary: command('CancelSubscription', fc.constant({})), weight: 1 },
);

const registration = (coldStorage: boolean): Command => ({
  type: 'RegisterOrganization',
  orgId: ORG,
  at: '2026-01-01T00:00:00Z',
  data: {
    name: 'Acme Corp',
    serialCode: 'SC-1',
    billingAccount: 'BA-1',
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    coldStorage,
  },
});

/** A registration (cold storage or not), a few commands, usually a subscription start, then up
 * 10 to 40 more commands (which may try to start a second subscription). */
export const commandSequenceArbitrary: fc.Arbitrary<Command[]> = fc
  .tuple(
    fc.boolean(),
    fc.array(commandArbitrary, { maxLength: 5 }),
    fc.option(planArbitrary, { nil: undefined, freq: 5 }),
    fc.array(commandArbitrary, { minLength: 10, maxLength: 40, size: 'max' }),
  )
  .map(([coldStorage, before, plan, after]) => [
    registration(coldStorage),
    ...before,
    ...(plan === undefined
      ? []
      : [
          {
            type: 'StartSubscription',
            orgId: ORG,
            at: '2026-01-10T00:00:00Z',
            data: { startDate: '2026-01-15', plan },
          } as Command,
        ]),
    ...after,
  ]);
