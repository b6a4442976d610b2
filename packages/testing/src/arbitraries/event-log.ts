// arbEventLog: VALID single-organization histories, valid by construction. A log is generated as
// an array of small step descriptors ("activate a device for user 2, 3 hours later"); each step
// is turned into a domain command against the state built so far, run through the real decider
// (`decide`), and kept only when it is accepted. Shrinking removes steps and pulls numbers toward
// 0, so a failing property ends on a short history a person can read.
import {
  addMonthsClamped,
  applyOrgEvent,
  type CivilDate,
  type Command,
  civilFromDays,
  daysFromCivil,
  decide,
  entityRecords,
  epochMsToInstant,
  formatMoney,
  type Instant,
  initialOrgState,
  instantToEpochMs,
  type OrgState,
  type PendingEvent,
  type Plan,
  type Rounding,
  startOfDate,
  type TallyEvent,
} from '@tally/domain';
import fc from 'fast-check';

export type Licensing = 'per-user' | 'per-device-monthly' | 'per-device-yearly';
export const LICENSINGS: readonly Licensing[] = ['per-user', 'per-device-monthly', 'per-device-yearly'];

export interface EventLogOptions {
  /** Default `acme`. */
  readonly orgId?: string;
  /** One model, or the models to pick from (default: all three). */
  readonly licensing?: Licensing | readonly Licensing[];
  /** Per-device yearly term length; default 1 or 2. */
  readonly termYears?: 1 | 2;
  /** Distinct devices the log may activate (`d-1`..`d-N`); default 6. */
  readonly maxDevices?: number;
  /** Distinct users (`u-1`..`u-N`); default 3. */
  readonly maxUsers?: number;
  /** Upper bound on the number of events, the first two included; default 40. */
  readonly maxEvents?: number;
  /** The subscription's start date; default a date in 2025..2028. */
  readonly startDate?: CivilDate;
  /** Months after the start date over which the steps are spread; default 14. */
  readonly months?: number;
  /** IANA zone; default one of a few (UTC, DST both ways, a half-hour offset). */
  readonly timeZone?: string;
  /** ISO 4217 code; default USD, EUR, JPY (0 digits) or BHD (3 digits). */
  readonly currency?: string;
  /** Default: generated. */
  readonly coldStorage?: boolean;
  /** Some events recorded hours or days after they occurred (recordedAt > occurredAt); default true. */
  readonly lateRecording?: boolean;
  /** Some device commands dated before the clock (still after every earlier event of the same
   * device and user); default true. */
  readonly backdating?: boolean;
  /** Renew each term (per-user years, per-device yearly terms) a month before it ends; default generated. */
  readonly renewals?: boolean;
  /** Let the log cancel the subscription; default true. */
  readonly cancellation?: boolean;
}

/** A generated history and what it was built from. */
export interface GeneratedEventLog {
  readonly orgId: string;
  /** The log in stream order: OrganizationRegistered, SubscriptionStarted, then the rest. */
  readonly events: TallyEvent[];
  /** The accepted commands, in order (registration and subscription included). */
  readonly commands: Command[];
  readonly licensing: Licensing;
  readonly plan: Plan;
  readonly startDate: CivilDate;
  /** `startDate + months`: no step is dated after its start. */
  readonly endDate: CivilDate;
  readonly timeZone: string;
  readonly currency: string;
  readonly rounding: Rounding;
  readonly coldStorage: boolean;
}

export type LogStepOp =
  | 'activate'
  | 'archive'
  | 'deactivate'
  | 'reactivate'
  | 'purge'
  | 'deactivateUser'
  | 'setCap'
  | 'cancel';

/** One step of a generated log. `pick` chooses among the candidates the state offers (the nth
 * active device, the nth retained archive, a user, a cap, a reason). */
export interface LogStep {
  readonly op: LogStepOp;
  readonly pick: number;
  /** Hours the clock moves forward before the step. */
  readonly advanceHours: number;
  /** Hours between occurring and being recorded. */
  readonly lagHours: number;
  /** Hours the command is dated before the clock (device commands only). */
  readonly backdateHours: number;
}

/** What a log is built from: the shrinkable input of `buildEventLog`. */
export interface EventLogSpec {
  readonly orgId: string;
  readonly licensing: Licensing;
  readonly termYears: 1 | 2;
  readonly startDate: CivilDate;
  readonly months: number;
  readonly timeZone: string;
  readonly currency: string;
  readonly rounding: Rounding;
  readonly coldStorage: boolean;
  readonly priceMinor: number;
  readonly renewalPriceMinor: number | null;
  readonly ordered: number;
  readonly maxDevicesPerUser: number | null;
  readonly renewals: boolean;
  readonly maxDevices: number;
  readonly maxUsers: number;
  readonly maxEvents: number;
  readonly steps: readonly LogStep[];
}

const HOUR_MS = 3_600_000;
const DAY_2025 = daysFromCivil(2025, 1, 1);
const DEFAULT_ZONES = ['UTC', 'America/Los_Angeles', 'Europe/Berlin', 'Pacific/Auckland', 'Asia/Kolkata'];
const DEFAULT_CURRENCIES = ['USD', 'EUR', 'JPY', 'BHD'];
/** Renewals are decided this long before the term ends. */
const RENEWAL_NOTICE_MS = 30 * 24 * HOUR_MS;
const MANUAL_PURGE_REASONS = ['cold-storage-purge', 'retention-expired'] as const;
const USER_REASONS = ['admin', 'canceled', 'ineligible'] as const;

const dateOfDays = (days: number): CivilDate => {
  const [y, m, d] = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

const constantOr = <T>(value: T | undefined, fallback: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  value === undefined ? fallback : fc.constant(value);

function checkCount(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
    throw new RangeError(`arbEventLog: ${name} must be an integer >= ${min}, got ${value}`);
  }
}

function arbStep(options: EventLogOptions, maxAdvanceHours: number): fc.Arbitrary<LogStep> {
  const ops: { arbitrary: fc.Arbitrary<LogStepOp>; weight: number }[] = [
    { arbitrary: fc.constant('activate'), weight: 6 },
    { arbitrary: fc.constant('archive'), weight: 5 },
    { arbitrary: fc.constant('deactivate'), weight: 3 },
    { arbitrary: fc.constant('reactivate'), weight: 2 },
    { arbitrary: fc.constant('purge'), weight: 2 },
    { arbitrary: fc.constant('deactivateUser'), weight: 1 },
    { arbitrary: fc.constant('setCap'), weight: 1 },
  ];
  if (options.cancellation !== false) ops.push({ arbitrary: fc.constant('cancel'), weight: 1 });
  // Mostly on time; sometimes late by hours to weeks. 0 shrinks first.
  const sometimes = (enabled: boolean, max: number) =>
    enabled ? fc.option(fc.integer({ min: 1, max }), { nil: 0, freq: 4 }) : fc.constant(0);
  return fc.record({
    op: fc.oneof(...ops),
    pick: fc.nat({ max: 20 }),
    advanceHours: fc.nat({ max: maxAdvanceHours }),
    lagHours: sometimes(options.lateRecording !== false, 24 * 45),
    backdateHours: sometimes(options.backdating !== false, 24 * 20),
  });
}

/** The shrinkable description of a log (`buildEventLog` turns it into events). */
export function arbEventLogSpec(options: EventLogOptions = {}): fc.Arbitrary<EventLogSpec> {
  checkCount('maxDevices', options.maxDevices, 0);
  checkCount('maxUsers', options.maxUsers, 1);
  checkCount('maxEvents', options.maxEvents, 2);
  checkCount('months', options.months, 1);
  const licensings =
    options.licensing === undefined
      ? LICENSINGS
      : typeof options.licensing === 'string'
        ? [options.licensing as Licensing]
        : (options.licensing as readonly Licensing[]);
  if (licensings.length === 0) throw new RangeError('arbEventLog: licensing must name at least one model');
  const maxEvents = options.maxEvents ?? 40;
  const months = options.months ?? 14;
  const maxAdvanceHours = Math.max(1, Math.ceil((2 * months * 31 * 24) / maxEvents));
  return fc.record({
    orgId: fc.constant(options.orgId ?? 'acme'),
    licensing: fc.constantFrom(...licensings),
    termYears: constantOr(options.termYears, fc.constantFrom<1 | 2>(1, 2)),
    startDate: constantOr(
      options.startDate,
      fc.nat({ max: 4 * 365 }).map((d) => dateOfDays(DAY_2025 + d)),
    ),
    months: fc.constant(months),
    timeZone: constantOr(options.timeZone, fc.constantFrom(...DEFAULT_ZONES)),
    currency: constantOr(options.currency, fc.constantFrom(...DEFAULT_CURRENCIES)),
    rounding: fc.constantFrom<Rounding>('half-up', 'half-even'),
    coldStorage: constantOr(options.coldStorage, fc.boolean()),
    priceMinor: fc.integer({ min: 1, max: 500_000 }),
    renewalPriceMinor: fc.option(fc.integer({ min: 1, max: 500_000 }), { nil: null }),
    ordered: fc.nat({ max: 4 }),
    maxDevicesPerUser: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    renewals: constantOr(options.renewals, fc.boolean()),
    maxDevices: fc.constant(options.maxDevices ?? 6),
    maxUsers: fc.constant(options.maxUsers ?? 3),
    maxEvents: fc.constant(maxEvents),
    steps: fc.array(arbStep(options, maxAdvanceHours), { maxLength: maxEvents }),
  });
}

/** A valid history for one organization (see the file comment). */
export function arbEventLog(options: EventLogOptions = {}): fc.Arbitrary<GeneratedEventLog> {
  return arbEventLogSpec(options).map(buildEventLog);
}

function planOf(spec: EventLogSpec): Plan {
  const price = formatMoney(BigInt(spec.priceMinor), spec.currency);
  const limit = spec.maxDevicesPerUser === null ? {} : { maxDevicesPerUser: spec.maxDevicesPerUser };
  switch (spec.licensing) {
    case 'per-user':
      return { model: 'per-user', annualPricePerLicense: price, initialLicenses: spec.ordered, ...limit };
    case 'per-device-monthly':
      return { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: price, ...limit };
    case 'per-device-yearly':
      return {
        model: 'per-device',
        billing: 'yearly',
        termYears: spec.termYears,
        annualPricePerDevice: price,
        devices: spec.ordered,
        ...limit,
      };
  }
}

/** Ids sorted in code-unit order, so `pick` means the same thing whatever order maps were filled. */
const sortedIds = (ids: Iterable<string>): string[] => [...ids].sort();

/** Runs a spec's steps through the decider; deterministic (the same spec gives the same log). */
export function buildEventLog(spec: EventLogSpec): GeneratedEventLog {
  const { orgId, timeZone, currency } = spec;
  const plan = planOf(spec);
  const endDate = addMonthsClamped(spec.startDate, spec.months);
  const startMs = instantToEpochMs(startOfDate(spec.startDate, timeZone));
  const endMs = instantToEpochMs(startOfDate(endDate, timeZone));
  const state: OrgState = initialOrgState();
  const events: TallyEvent[] = [];
  const commands: Command[] = [];
  let recordedMs = Number.NEGATIVE_INFINITY;
  /** Latest occurredAt of an event about each device and user: a backdated command stays after it. */
  const lastTouched = new Map<string, number>();

  /** Decides a command at `atMs`; appends its events (recorded at `recordMs` or later) when accepted. */
  const run = (command: Omit<Command, 'at'>, atMs: number, recordMs: number, touches: string[]): boolean => {
    const full = { ...command, at: epochMsToInstant(atMs) } as Command;
    const decision = decide(full, state);
    if (decision._tag === 'Left') return false;
    if (events.length + decision.right.length > spec.maxEvents) return false;
    // One append: every event of a command gets the same recordedAt, never before an earlier one.
    recordedMs = Math.max(recordedMs, recordMs, atMs);
    for (const pending of decision.right) {
      const event = stamp(pending, `${orgId}-e${String(events.length + 1).padStart(4, '0')}`, recordedMs);
      applyOrgEvent(state, event);
      events.push(event);
      for (const id of touchedBy(event, state)) lastTouched.set(id, Math.max(lastTouched.get(id) ?? 0, atMs));
    }
    for (const id of touches) lastTouched.set(id, Math.max(lastTouched.get(id) ?? 0, atMs));
    commands.push(full);
    return true;
  };

  const registeredMs = startMs - 7 * 24 * HOUR_MS;
  run(
    {
      type: 'RegisterOrganization',
      orgId,
      data: {
        name: `${orgId} inc.`,
        serialCode: `SC-${orgId}`,
        billingAccount: `BA-${orgId}`,
        timeZone,
        currency,
        rounding: spec.rounding,
        coldStorage: spec.coldStorage,
      },
    },
    registeredMs,
    registeredMs,
    [],
  );
  const subscribedMs = registeredMs + HOUR_MS;
  run(
    { type: 'StartSubscription', orgId, data: { startDate: spec.startDate, plan } },
    subscribedMs,
    subscribedMs,
    [],
  );
  if (events.length !== 2) {
    throw new Error(
      `arbEventLog: the decider refused the generated registration or subscription (${JSON.stringify(plan)}); the options (currency ${currency}, zone ${timeZone}) may be invalid`,
    );
  }

  let clockMs = subscribedMs + HOUR_MS;
  let nextDevice = 1;
  let nextArchive = 1;
  let renewalPriced = false;
  for (const step of spec.steps) {
    const nextClockMs = Math.min(clockMs + step.advanceHours * HOUR_MS, endMs);
    renewDueTerms(nextClockMs);
    clockMs = nextClockMs;
    const recordMs = clockMs + step.lagHours * HOUR_MS;
    const backdated = (ids: string[]) => {
      const floor = Math.max(subscribedMs, ...ids.map((id) => lastTouched.get(id) ?? 0));
      return Math.max(floor, clockMs - step.backdateHours * HOUR_MS);
    };
    const entities = entityRecords(state.entities);
    switch (step.op) {
      case 'activate': {
        if (nextDevice > spec.maxDevices) break;
        const deviceId = `d-${nextDevice}`;
        const userId = `u-${(step.pick % spec.maxUsers) + 1}`;
        const data = { deviceId, userId };
        if (run({ type: 'ActivateDevice', orgId, data }, backdated([userId]), recordMs, [userId]))
          nextDevice += 1;
        break;
      }
      case 'archive': {
        const active = sortedIds([...entities.devices].filter(([, d]) => d.active).map(([id]) => id));
        const deviceId = active[step.pick % Math.max(1, active.length)];
        if (deviceId === undefined) break;
        const userId = entities.devices.get(deviceId)?.userId ?? '';
        const data = { archiveId: `a-${nextArchive}`, deviceId };
        const at = backdated([deviceId, userId]);
        if (run({ type: 'RecordArchive', orgId, data }, at, recordMs, [deviceId, userId])) nextArchive += 1;
        break;
      }
      case 'deactivate':
      case 'reactivate': {
        const wantActive = step.op === 'deactivate';
        const ids = sortedIds(
          [...entities.devices].filter(([, d]) => d.active === wantActive).map(([id]) => id),
        );
        const deviceId = ids[step.pick % Math.max(1, ids.length)];
        if (deviceId === undefined) break;
        const userId = entities.devices.get(deviceId)?.userId ?? '';
        const type = wantActive ? 'DeactivateDevice' : 'ReactivateDevice';
        run({ type, orgId, data: { deviceId } }, backdated([deviceId, userId]), recordMs, [deviceId, userId]);
        break;
      }
      case 'purge': {
        const retained = sortedIds([...entities.archives].filter(([, a]) => a.retained).map(([id]) => id));
        const archiveId = retained[step.pick % Math.max(1, retained.length)];
        if (archiveId === undefined) break;
        const deviceId = entities.archives.get(archiveId)?.deviceId ?? '';
        const userId = entities.devices.get(deviceId)?.userId ?? '';
        const reason = MANUAL_PURGE_REASONS[step.pick % MANUAL_PURGE_REASONS.length] ?? 'cold-storage-purge';
        const at = backdated([deviceId, userId]);
        run({ type: 'PurgeArchive', orgId, data: { archiveId, reason } }, at, recordMs, [deviceId, userId]);
        break;
      }
      case 'deactivateUser': {
        const users = sortedIds(entities.users.keys());
        const userId = users[step.pick % Math.max(1, users.length)];
        if (userId === undefined) break;
        const reason = USER_REASONS[step.pick % USER_REASONS.length] ?? 'admin';
        // Org-wide effects are never backdated: they happen at the clock.
        run({ type: 'DeactivateUser', orgId, data: { userId, reason } }, clockMs, recordMs, [userId]);
        break;
      }
      case 'setCap': {
        const cap = step.pick % 5 === 0 ? null : (step.pick % 5) + 1;
        run({ type: 'SetLicenseCap', orgId, data: { cap } }, clockMs, recordMs, []);
        break;
      }
      case 'cancel':
        run({ type: 'CancelSubscription', orgId, data: {} }, clockMs, recordMs, []);
        break;
    }
  }

  // Terms are renewed on schedule whatever the steps did: up to the end of the span.
  renewDueTerms(endMs);

  /** Renews, at its due time, every term whose renewal falls due by `untilMs` (a notice period
   * before the term ends); the price changes at most once. */
  function renewDueTerms(untilMs: number): void {
    if (!spec.renewals) return;
    for (;;) {
      const termEnd = state.subscription?.termEnd ?? null;
      if (termEnd === null || state.subscription?.canceledAt !== null) return;
      const dueMs = instantToEpochMs(startOfDate(termEnd, timeZone)) - RENEWAL_NOTICE_MS;
      if (dueMs > untilMs) return;
      const atMs = Math.max(dueMs, clockMs);
      const priceField = spec.licensing === 'per-user' ? 'annualPricePerLicense' : 'annualPricePerDevice';
      const price =
        spec.renewalPriceMinor === null || renewalPriced
          ? {}
          : { [priceField]: formatMoney(BigInt(spec.renewalPriceMinor), currency) };
      const accepted = run(
        { type: 'RenewSubscription', orgId, data: { termStart: termEnd, ...price } },
        atMs,
        atMs,
        [],
      );
      if (!accepted) return;
      renewalPriced = true;
    }
  }

  const log: GeneratedEventLog = {
    orgId,
    events,
    commands,
    licensing: spec.licensing,
    plan,
    startDate: spec.startDate,
    endDate,
    timeZone,
    currency,
    rounding: spec.rounding,
    coldStorage: spec.coldStorage,
  };
  // fast-check prints counterexamples with this method: one line per event, not a JSON wall.
  Object.defineProperty(log, fc.toStringMethod, { value: () => describeEventLog(log), enumerable: false });
  return log;
}

const describeData = (data: unknown): string =>
  JSON.stringify(data)
    .replaceAll('"', '')
    .replace(/^\{|\}$/g, '');

/** A generated log as a person reads it: the org, then one line per event. */
export function describeEventLog(log: GeneratedEventLog): string {
  const header = `${log.orgId}: ${log.licensing} from ${log.startDate} to ${log.endDate} (${log.timeZone}, ${log.currency}, ${log.rounding}, coldStorage ${log.coldStorage})`;
  const lines = log.events.map((event, i) => {
    const late = event.recordedAt === event.occurredAt ? '' : ` (recorded ${event.recordedAt})`;
    const data = event.type === 'OrganizationRegistered' ? '' : ` ${describeData(event.data)}`;
    return `  ${i} ${event.occurredAt} ${event.type}${data}${late}`;
  });
  return [header, ...lines].join('\n');
}

/** The stored form of a pending event, envelope keys in wire order. */
export function stamp(pending: PendingEvent, eventId: string, recordedMs: number | Instant): TallyEvent {
  const { type, orgId, occurredAt, data } = pending;
  const recordedAt = typeof recordedMs === 'number' ? epochMsToInstant(recordedMs) : recordedMs;
  return { type, eventId, orgId, occurredAt, recordedAt, data } as TallyEvent;
}

/** Devices and users an event is about (archives through their device), for backdating floors. */
function touchedBy(event: TallyEvent, state: OrgState): string[] {
  switch (event.type) {
    case 'DeviceActivated':
      return [event.data.deviceId, event.data.userId];
    case 'DeviceDeactivated':
    case 'DeviceReactivated':
    case 'ArchiveCreated': {
      const userId = entityRecords(state.entities).devices.get(event.data.deviceId)?.userId;
      return userId === undefined ? [event.data.deviceId] : [event.data.deviceId, userId];
    }
    case 'ArchivePurged': {
      const deviceId = entityRecords(state.entities).archives.get(event.data.archiveId)?.deviceId;
      const userId =
        deviceId === undefined ? undefined : entityRecords(state.entities).devices.get(deviceId)?.userId;
      return [deviceId, userId].filter((id): id is string => id !== undefined);
    }
    case 'UserDeactivated':
      return [event.data.userId];
    default:
      return [];
  }
}
