// Arbitrary domain commands. From small id pools by default, so that commands collide (a device
// activated twice, an archive of a deactivated device, a user over the device limit, a cap
// reached); or drawn from an organization's state, so that most of them are about devices,
// archives and users that exist. Valid and invalid commands alike: the decider sorts them out.
import type { CivilDate, Command, Instant, OrgState, Plan } from '@tally/domain';
import { entityRecords } from '@tally/domain';
import fc from 'fast-check';

export interface CommandOptions {
  /** Default `acme` (or the state's organization). */
  readonly orgId?: string;
  readonly deviceIds?: readonly string[];
  readonly userIds?: readonly string[];
  readonly archiveIds?: readonly string[];
  /** The `at` of each command is one of these (repeats weigh more). */
  readonly instants?: readonly Instant[];
  /** Plans a StartSubscription may carry; default `arbSmallPlan()`. */
  readonly plan?: fc.Arbitrary<Plan>;
  /** The start date of generated subscriptions; default 2026-01-15. */
  readonly startDate?: CivilDate;
  /** `termStart`s a RenewSubscription may name (right or wrong for the state). */
  readonly termStarts?: readonly CivilDate[];
  /** Largest cap a SetLicenseCap sets (from 1); default 3. */
  readonly maxCap?: number;
}

export interface CommandSequenceOptions extends CommandOptions {
  /** Commands after the subscription start; default 10..40. */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** `always`: every sequence starts a subscription; `usually` (default): 5 in 6 do. */
  readonly subscription?: 'always' | 'usually';
}

const DEFAULTS = {
  orgId: 'acme',
  deviceIds: ['d-0', 'd-1', 'd-2', 'd-3', 'd-4', 'd-5'],
  userIds: ['u-0', 'u-1', 'u-2'],
  archiveIds: ['a-0', 'a-1', 'a-2', 'a-3', 'a-4', 'a-5'],
  instants: ['2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z', '2026-05-20T08:30:00Z'],
  startDate: '2026-01-15',
  termStarts: ['2027-01-15', '2028-01-15', '2026-02-15'],
  maxCap: 3,
} as const;

/** Plans with fixed EUR prices and small device limits (1..3 or the model's default). */
export function arbSmallPlan(): fc.Arbitrary<Plan> {
  const limit = fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined });
  const withLimit = (max: number | undefined) => (max === undefined ? {} : { maxDevicesPerUser: max });
  return fc.oneof(
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
    fc.tuple(fc.constantFrom<1 | 2>(1, 2), fc.nat(4), limit).map(
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
}

const isOrgState = (value: unknown): value is OrgState =>
  typeof value === 'object' && value !== null && 'entities' in value && 'registration' in value;

/** The pools a state offers: its ids plus one fresh id of each kind (so new devices appear too). */
function poolsOf(state: OrgState, options: CommandOptions): Required<Omit<CommandOptions, 'plan'>> {
  const { devices, archives, users } = entityRecords(state.entities);
  const fresh = (prefix: string, taken: ReadonlyMap<string, unknown>) => {
    let n = taken.size;
    while (taken.has(`${prefix}-${n}`)) n += 1;
    return `${prefix}-${n}`;
  };
  const termEnd = state.subscription?.termEnd;
  return {
    orgId: state.registration?.orgId ?? options.orgId ?? DEFAULTS.orgId,
    deviceIds: [...devices.keys(), fresh('d', devices)],
    userIds: [...users.keys(), fresh('u', users)],
    archiveIds: [...archives.keys(), fresh('a', archives)],
    instants: options.instants ?? DEFAULTS.instants,
    startDate: options.startDate ?? DEFAULTS.startDate,
    termStarts: [...(termEnd == null ? [] : [termEnd]), ...(options.termStarts ?? DEFAULTS.termStarts)],
    maxCap: options.maxCap ?? DEFAULTS.maxCap,
  };
}

/**
 * One command of any type but RegisterOrganization (a sequence starts with it). Given an
 * `OrgState`, ids come from that state (plus one fresh id of each kind) and a renewal may name
 * the current term's end; given options (or nothing), from small fixed pools.
 */
export function arbCommand(stateOrOptions?: OrgState | CommandOptions, options: CommandOptions = {}) {
  const fromState = isOrgState(stateOrOptions);
  const own = fromState ? options : (stateOrOptions ?? {});
  const pools = fromState
    ? poolsOf(stateOrOptions, own)
    : {
        orgId: own.orgId ?? DEFAULTS.orgId,
        deviceIds: own.deviceIds ?? DEFAULTS.deviceIds,
        userIds: own.userIds ?? DEFAULTS.userIds,
        archiveIds: own.archiveIds ?? DEFAULTS.archiveIds,
        instants: own.instants ?? DEFAULTS.instants,
        startDate: own.startDate ?? DEFAULTS.startDate,
        termStarts: own.termStarts ?? DEFAULTS.termStarts,
        maxCap: own.maxCap ?? DEFAULTS.maxCap,
      };
  const deviceId = fc.constantFrom(...pools.deviceIds);
  const userId = fc.constantFrom(...pools.userIds);
  const archiveId = fc.constantFrom(...pools.archiveIds);
  const at = fc.constantFrom(...pools.instants);
  const command = <C extends Command>(
    type: C['type'],
    data: fc.Arbitrary<C['data']>,
  ): fc.Arbitrary<Command> =>
    fc
      .tuple(at, data)
      .map(([when, payload]) => ({ type, orgId: pools.orgId, at: when, data: payload }) as Command);
  const weighted = (weight: number, arbitrary: fc.Arbitrary<Command>) => ({ arbitrary, weight });
  return fc.oneof(
    weighted(6, command('ActivateDevice', fc.record({ deviceId, userId }))),
    weighted(3, command('DeactivateDevice', fc.record({ deviceId }))),
    weighted(4, command('ReactivateDevice', fc.record({ deviceId }))),
    weighted(6, command('RecordArchive', fc.record({ archiveId, deviceId }))),
    weighted(
      2,
      command(
        'PurgeArchive',
        fc.record({
          archiveId,
          reason: fc.constantFrom('cold-storage-purge' as const, 'retention-expired' as const),
        }),
      ),
    ),
    weighted(
      1,
      command(
        'DeactivateUser',
        fc.record({
          userId,
          reason: fc.constantFrom('canceled' as const, 'ineligible' as const, 'admin' as const),
        }),
      ),
    ),
    weighted(
      3,
      command(
        'SetLicenseCap',
        fc.record({ cap: fc.option(fc.integer({ min: 1, max: pools.maxCap }), { nil: null, freq: 6 }) }),
      ),
    ),
    weighted(
      1,
      command(
        'StartSubscription',
        fc.record({ startDate: fc.constant(pools.startDate), plan: own.plan ?? arbSmallPlan() }),
      ),
    ),
    weighted(1, command('RenewSubscription', fc.record({ termStart: fc.constantFrom(...pools.termStarts) }))),
    weighted(1, command('CancelSubscription', fc.constant({}))),
  );
}

/** The RegisterOrganization a generated sequence starts with (EUR, Europe/Paris). */
export function registrationCommand(
  orgId: string,
  coldStorage: boolean,
  at: Instant = '2026-01-01T00:00:00Z',
): Command {
  return {
    type: 'RegisterOrganization',
    orgId,
    at,
    data: {
      name: 'Acme Corp',
      serialCode: 'SC-1',
      billingAccount: 'BA-1',
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      coldStorage,
    },
  };
}

/**
 * A command sequence for one organization: its registration (cold storage or not), up to 5
 * commands, usually a StartSubscription, then `minLength..maxLength` more commands (which may
 * try to start a second subscription). Run it through `decide`; rejected commands are part of
 * the point.
 */
export function arbCommands(options: CommandSequenceOptions = {}): fc.Arbitrary<Command[]> {
  const orgId = options.orgId ?? DEFAULTS.orgId;
  const one = arbCommand(options);
  const plan = options.plan ?? arbSmallPlan();
  const startDate = options.startDate ?? DEFAULTS.startDate;
  const firstPlan = options.subscription === 'always' ? plan : fc.option(plan, { nil: undefined, freq: 5 });
  return fc
    .tuple(
      fc.boolean(),
      fc.array(one, { maxLength: 5 }),
      firstPlan,
      fc.array(one, { minLength: options.minLength ?? 10, maxLength: options.maxLength ?? 40, size: 'max' }),
    )
    .map(([coldStorage, before, subscriptionPlan, after]) => [
      registrationCommand(orgId, coldStorage),
      ...before,
      ...(subscriptionPlan === undefined
        ? []
        : [
            {
              type: 'StartSubscription',
              orgId,
              at: '2026-01-10T00:00:00Z',
              data: { startDate, plan: subscriptionPlan },
            } as Command,
          ]),
      ...after,
    ]);
}
