// fast-check generators of valid single-org histories for the billing properties. Every event has
// a distinct occurredAt (a per-event millisecond tiebreak) so that any append order of the same
// events means the same history; recordedAt never runs backwards in occurredAt order, so the
// events known at any instant form a valid log too.
import { fc } from '@fast-check/vitest';
import type { CivilDate, Plan, Rounding, TallyEvent } from '../events/types.js';
import { formatMoney } from '../money/index.js';
import { civilFromDays, daysFromCivil, epochMsToInstant } from '../time/instant.js';

const DAY_MS = 86_400_000;
const EPOCH_2024 = daysFromCivil(2024, 1, 1);

export const dateOfDay = (days: number): CivilDate => {
  const [y, m, d] = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

export type Model = 'per-user' | 'monthly' | 'yearly';

export interface DeviceSpec {
  readonly user: number;
  /** Days from the start date (negative: before it) and minute of that day. */
  readonly activateDay: number;
  readonly minute: number;
  readonly archiveAfterDays: number | null;
  readonly deactivateAfterDays: number | null;
  readonly purgeAfterDays: number | null;
}

export interface HistorySpec {
  readonly model: Model;
  readonly currency: 'USD' | 'JPY';
  readonly rounding: Rounding;
  readonly timeZone: string;
  readonly startDay: number;
  readonly priceMinor: number;
  readonly renewalPriceMinor: number | null;
  readonly termYears: 1 | 2;
  readonly ordered: number;
  readonly renewed: boolean;
  readonly cancelDay: number | null;
  readonly devices: readonly DeviceSpec[];
  readonly recordLagHours: readonly number[];
}

const deviceArb: fc.Arbitrary<DeviceSpec> = fc.record({
  user: fc.integer({ min: 0, max: 3 }),
  activateDay: fc.integer({ min: -40, max: 800 }),
  minute: fc.integer({ min: 0, max: 1439 }),
  archiveAfterDays: fc.option(fc.integer({ min: 0, max: 60 })),
  deactivateAfterDays: fc.option(fc.integer({ min: 1, max: 400 })),
  purgeAfterDays: fc.option(fc.integer({ min: 1, max: 300 })),
});

export const historyArb = (
  models: readonly Model[] = ['per-user', 'monthly', 'yearly'],
): fc.Arbitrary<HistorySpec> =>
  fc.record({
    model: fc.constantFrom(...models),
    currency: fc.constantFrom('USD' as const, 'JPY' as const),
    rounding: fc.constantFrom<Rounding>('half-up', 'half-even'),
    timeZone: fc.constantFrom('UTC', 'America/Los_Angeles', 'Europe/Berlin', 'Pacific/Auckland'),
    startDay: fc.integer({ min: 0, max: 900 }),
    priceMinor: fc.integer({ min: 1, max: 500_000 }),
    renewalPriceMinor: fc.option(fc.integer({ min: 1, max: 500_000 })),
    termYears: fc.constantFrom<1 | 2>(1, 2),
    ordered: fc.integer({ min: 0, max: 4 }),
    renewed: fc.boolean(),
    cancelDay: fc.option(fc.integer({ min: 1, max: 900 })),
    devices: fc.array(deviceArb, { maxLength: 7 }),
    recordLagHours: fc.array(fc.integer({ min: 0, max: 24 * 40 }), { minLength: 40, maxLength: 40 }),
  });

export interface History {
  readonly spec: HistorySpec;
  readonly startDate: CivilDate;
  readonly events: TallyEvent[];
  readonly plan: Plan;
}

interface Draft {
  readonly type: TallyEvent['type'];
  readonly atMs: number;
  readonly data: unknown;
}

export function buildHistory(spec: HistorySpec, extra: readonly Draft[] = []): History {
  const startDay = EPOCH_2024 + spec.startDay;
  const startDate = dateOfDay(startDay);
  const dayMs = (day: number, minute = 0) => (startDay + day) * DAY_MS + minute * 60_000;
  const money = (minor: number) => formatMoney(BigInt(minor), spec.currency);
  const plan: Plan =
    spec.model === 'per-user'
      ? { model: 'per-user', annualPricePerLicense: money(spec.priceMinor), initialLicenses: spec.ordered }
      : spec.model === 'monthly'
        ? { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: money(spec.priceMinor) }
        : {
            model: 'per-device',
            billing: 'yearly',
            termYears: spec.termYears,
            annualPricePerDevice: money(spec.priceMinor),
            devices: spec.ordered,
          };
  const drafts: Draft[] = [
    {
      type: 'OrganizationRegistered',
      atMs: dayMs(-60),
      data: {
        name: 'Acme',
        serialCode: 'SC',
        billingAccount: 'BA',
        timeZone: spec.timeZone,
        currency: spec.currency,
        rounding: spec.rounding,
        coldStorage: true,
      },
    },
    { type: 'SubscriptionStarted', atMs: dayMs(-59), data: { startDate, plan } },
  ];
  if (spec.renewed && spec.model !== 'monthly') {
    const years = spec.model === 'yearly' ? spec.termYears : 1;
    const [y, m, d] = startDate.split('-').map(Number) as [number, number, number];
    // Anchor + n years, clamped (Feb 29 → Feb 28 in a common year).
    const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const day = m === 2 && d === 29 && !leap(y + years) ? 28 : d;
    const termStart = `${y + years}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const priceField = spec.model === 'per-user' ? 'annualPricePerLicense' : 'annualPricePerDevice';
    drafts.push({
      type: 'SubscriptionRenewed',
      atMs: dayMs(300),
      data: {
        termStart,
        ...(spec.renewalPriceMinor === null ? {} : { [priceField]: money(spec.renewalPriceMinor) }),
      },
    });
  }
  if (spec.cancelDay !== null)
    drafts.push({ type: 'SubscriptionCanceled', atMs: dayMs(spec.cancelDay, 7), data: {} });
  spec.devices.forEach((device, i) => {
    const deviceId = `d${i}`;
    const activated = dayMs(device.activateDay, device.minute);
    drafts.push({ type: 'DeviceActivated', atMs: activated, data: { deviceId, userId: `u${device.user}` } });
    const deactivated =
      device.deactivateAfterDays === null ? null : activated + device.deactivateAfterDays * DAY_MS;
    const archived =
      device.archiveAfterDays === null ? null : activated + device.archiveAfterDays * DAY_MS + 1;
    if (archived !== null && (deactivated === null || archived < deactivated)) {
      drafts.push({ type: 'ArchiveCreated', atMs: archived, data: { archiveId: `a${i}`, deviceId } });
      if (device.purgeAfterDays !== null) {
        drafts.push({
          type: 'ArchivePurged',
          atMs: Math.max(archived, deactivated ?? 0) + device.purgeAfterDays * DAY_MS,
          data: { archiveId: `a${i}`, reason: 'cold-storage-purge' },
        });
      }
    }
    if (deactivated !== null)
      drafts.push({ type: 'DeviceDeactivated', atMs: deactivated, data: { deviceId } });
  });
  drafts.push(...extra);
  // A distinct millisecond per event keeps every occurredAt unique, in generation order on ties.
  const timed = drafts
    .map((draft, i) => ({ ...draft, atMs: draft.atMs + i }))
    .sort((a, b) => a.atMs - b.atMs);
  let recordedMs = Number.NEGATIVE_INFINITY;
  const events = timed.map((draft, i) => {
    recordedMs = Math.max(
      recordedMs,
      draft.atMs + (spec.recordLagHours[i % spec.recordLagHours.length] ?? 0) * 3_600_000,
    );
    return {
      type: draft.type,
      eventId: `e${String(i).padStart(3, '0')}-${draft.type}`,
      orgId: 'acme',
      occurredAt: epochMsToInstant(draft.atMs),
      recordedAt: epochMsToInstant(recordedMs),
      data: draft.data,
    } as TallyEvent;
  });
  return { spec, startDate, events, plan };
}

/** One more device for a new user, active from `day` (and backed up, so per-user counts it). */
export const extraDevice = (spec: HistorySpec, day: number): Draft[] => {
  const atMs = (EPOCH_2024 + spec.startDay + day) * DAY_MS + 123;
  return [
    { type: 'DeviceActivated', atMs, data: { deviceId: 'extra', userId: 'u-extra' } },
    { type: 'ArchiveCreated', atMs: atMs + 1, data: { archiveId: 'a-extra', deviceId: 'extra' } },
  ];
};

export const startDayOf = (spec: HistorySpec): number => EPOCH_2024 + spec.startDay;

/** The entity whose own history an event belongs to: a device (archive events through their
 * device), or the org itself. */
export function chainOf(event: TallyEvent, archiveDevice: Map<string, string>): string {
  switch (event.type) {
    case 'DeviceActivated':
    case 'DeviceDeactivated':
    case 'DeviceReactivated':
      return event.data.deviceId;
    case 'ArchiveCreated':
      archiveDevice.set(event.data.archiveId, event.data.deviceId);
      return event.data.deviceId;
    case 'ArchivePurged':
      return archiveDevice.get(event.data.archiveId) ?? event.data.archiveId;
    default:
      return 'org';
  }
}

/** Another append order a ledger could have seen for the same history: the registration first,
 * each device's events (with its archives') still in their own order, the devices and the
 * subscription events interleaved at random. (An order that purges an archive before creating
 * it could never be appended: the decider rejects it.) */
export function reorderAppends(events: readonly TallyEvent[], keys: readonly number[]): TallyEvent[] {
  const archiveDevice = new Map<string, string>();
  const chains = events.map((event) => chainOf(event, archiveDevice));
  const [first, ...rest] = events;
  const slots = rest
    .map((_, i) => i)
    .sort((a, b) => (keys[a % keys.length] ?? 0) - (keys[b % keys.length] ?? 0) || a - b);
  // Slot j of the new order takes the chain of event slots[j]; each chain's events then fill
  // that chain's slots in their original order.
  const queues = new Map<string, TallyEvent[]>();
  rest.forEach((event, i) => {
    const chain = chains[i + 1] as string;
    queues.set(chain, [...(queues.get(chain) ?? []), event]);
  });
  const reordered = slots.map((slot) => queues.get(chains[slot + 1] as string)?.shift() as TallyEvent);
  return first === undefined ? [] : [first, ...reordered];
}
