// Field checks for command data that the TypeScript types cannot make (non-empty ids, real
// dates and zones, prices in the org's currency, positive counts), so that a decider never emits
// an event the wire codecs would refuse. Each check returns the first problem as InvalidCommand.
import { isCivilDate } from '../calendar/index.js';
import { parseTimeZone } from '../events/time-zone.js';
import type { OrganizationRegistered, Plan, SubscriptionStarted, TallyMonth } from '../events/types.js';
import { isCurrencyCode, parseMoney } from '../money/index.js';
import { instantToEpochMs } from '../time/instant.js';
import { type DecisionError, invalidCommand, invalidField } from './errors.js';

type Problem = DecisionError | undefined;

/** The first problem of a list of lazily evaluated checks. */
export function firstProblem(...checks: ReadonlyArray<() => Problem>): Problem {
  for (const check of checks) {
    const problem = check();
    if (problem !== undefined) return problem;
  }
  return undefined;
}

export function checkNonEmpty(field: string, value: unknown): Problem {
  return typeof value === 'string' && value.length > 0
    ? undefined
    : invalidCommand(field, value, 'must be a non-empty string');
}

export function checkInstant(field: string, value: unknown): Problem {
  return typeof value === 'string' && !Number.isNaN(instantToEpochMs(value))
    ? undefined
    : invalidCommand(field, value, 'must be a UTC instant such as "2026-03-07T07:00:00Z"');
}

export function checkCivilDate(field: string, value: unknown): Problem {
  return typeof value === 'string' && isCivilDate(value)
    ? undefined
    : invalidCommand(field, value, 'must be a date such as "2026-03-09"');
}

function checkInteger(field: string, value: unknown, min: number): Problem {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min
    ? undefined
    : invalidCommand(field, value, min > 0 ? 'must be a positive integer' : 'must be a non-negative integer');
}

export const checkPositiveInteger = (field: string, value: unknown): Problem => checkInteger(field, value, 1);
export const checkCount = (field: string, value: unknown): Problem => checkInteger(field, value, 0);

export function checkOneOf(field: string, value: unknown, allowed: readonly string[]): Problem {
  return typeof value === 'string' && allowed.includes(value)
    ? undefined
    : invalidCommand(field, value, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
}

/** A price: a non-negative decimal string with at most the currency's minor digits. */
export function checkPrice(field: string, value: unknown, currency: string): Problem {
  if (typeof value !== 'string')
    return invalidCommand(field, value, `must be a decimal price in ${currency}`);
  const parsed = parseMoney(value, currency);
  if (parsed._tag === 'Left') return invalidField(field, value, parsed.left);
  return parsed.right < 0n ? invalidCommand(field, value, 'must not be negative') : undefined;
}

function checkOptional(value: unknown, check: () => Problem): Problem {
  return value === undefined ? undefined : check();
}

export function checkRegistration(data: OrganizationRegistered['data']): Problem {
  return firstProblem(
    () => checkNonEmpty('data.name', data.name),
    () => checkNonEmpty('data.serialCode', data.serialCode),
    () => checkNonEmpty('data.billingAccount', data.billingAccount),
    () => {
      const zone = parseTimeZone(data.timeZone);
      return zone._tag === 'Left' ? invalidField('data.timeZone', data.timeZone, zone.left) : undefined;
    },
    () =>
      typeof data.currency === 'string' && isCurrencyCode(data.currency)
        ? undefined
        : invalidCommand('data.currency', data.currency, 'must be an ISO 4217 currency code such as "USD"'),
    () =>
      checkOptional(data.rounding, () =>
        checkOneOf('data.rounding', data.rounding, ['half-up', 'half-even']),
      ),
    () =>
      typeof data.coldStorage === 'boolean'
        ? undefined
        : invalidCommand('data.coldStorage', data.coldStorage, 'must be true or false'),
  );
}

export function checkSubscriptionStart(data: SubscriptionStarted['data'], currency: string): Problem {
  return firstProblem(
    () => checkCivilDate('data.startDate', data.startDate),
    () => checkOptional(data.tallyLeadHours, () => checkCount('data.tallyLeadHours', data.tallyLeadHours)),
    () => checkPlan(data.plan, currency),
    () =>
      checkOptional(data.correctionWindowMonths, () =>
        checkCount('data.correctionWindowMonths', data.correctionWindowMonths),
      ),
  );
}

function checkPlan(plan: Plan, currency: string): Problem {
  const limit = () =>
    checkOptional(plan.maxDevicesPerUser, () =>
      checkPositiveInteger('data.plan.maxDevicesPerUser', plan.maxDevicesPerUser),
    );
  if (plan.model === 'per-user') {
    return firstProblem(
      () => checkPrice('data.plan.annualPricePerLicense', plan.annualPricePerLicense, currency),
      () => checkCount('data.plan.initialLicenses', plan.initialLicenses),
      limit,
      () => checkOptional(plan.tallySchedule, () => checkTallySchedule(plan.tallySchedule)),
    );
  }
  if (plan.model === 'per-device' && plan.billing === 'monthly') {
    return firstProblem(
      () => checkPrice('data.plan.monthlyPricePerDevice', plan.monthlyPricePerDevice, currency),
      limit,
    );
  }
  if (plan.model === 'per-device' && plan.billing === 'yearly') {
    return firstProblem(
      () => checkOneOfNumbers('data.plan.termYears', plan.termYears, [1, 2]),
      () => checkPrice('data.plan.annualPricePerDevice', plan.annualPricePerDevice, currency),
      () => checkCount('data.plan.devices', plan.devices),
      limit,
    );
  }
  const unknown = plan as { model?: unknown; billing?: unknown };
  return unknown.model === 'per-device'
    ? checkOneOf('data.plan.billing', unknown.billing, ['monthly', 'yearly'])
    : checkOneOf('data.plan.model', unknown.model, ['per-user', 'per-device']);
}

export function checkOneOfNumbers(field: string, value: unknown, allowed: readonly number[]): Problem {
  return typeof value === 'number' && allowed.includes(value)
    ? undefined
    : invalidCommand(field, value, `must be one of ${allowed.join(', ')}`);
}

// Longest each month can be; February 29 is allowed and falls on the 28th in common years, as
// the calendar's tallyDates does.
const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function checkTallySchedule(schedule: readonly TallyMonth[] | undefined): Problem {
  if (!Array.isArray(schedule) || schedule.length === 0) {
    return invalidCommand('data.plan.tallySchedule', schedule, 'must list at least one {month, day}');
  }
  for (const [index, entry] of schedule.entries()) {
    const field = `data.plan.tallySchedule[${index}]`;
    const longest = Number.isInteger(entry?.month) ? LONGEST_MONTH[entry.month - 1] : undefined;
    if (longest === undefined || !Number.isInteger(entry.day) || entry.day < 1 || entry.day > longest) {
      return invalidCommand(field, entry, 'must be a day of the year {month: 1-12, day: 1-31}');
    }
  }
  return undefined;
}
