// The three plans of SubscriptionStarted, told apart by `model` and then `billing`; fields in the
// order of docs/wire-format.md#plans.
import type * as t from 'io-ts';
import {
  arrayOf,
  failAt,
  literal,
  oneOf,
  optional,
  strictObject,
  taggedUnion,
  withCheck,
} from './combinators.js';
import { Price } from './decimal.js';
import { integerBetween, NonNegativeInteger, PositiveInteger } from './integers.js';
import type { Equals } from './type-equality.js';
import type {
  PerDeviceMonthlyPlan as PerDeviceMonthlyPlanType,
  PerDeviceYearlyPlan as PerDeviceYearlyPlanType,
  PerUserPlan as PerUserPlanType,
  Plan as PlanType,
  TallyMonth as TallyMonthType,
} from './types.js';

// A tally date must exist every year, so February stops at 28 (a Feb 29 tally would be skipped
// three years in four).
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export const TallyMonth = withCheck(
  strictObject('a tally date', {
    month: integerBetween(1, 12),
    day: PositiveInteger,
  }),
  (value, context) => {
    const last = DAYS_IN_MONTH[value.month - 1] ?? 31;
    return value.day <= last
      ? { _tag: 'Right', right: value }
      : failAt(
          context,
          ['day'],
          value.day,
          `${MONTH_NAMES[value.month - 1]} has no day ${value.day} every year (at most ${last})`,
        );
  },
);

const TallySchedule = withCheck(arrayOf(TallyMonth, { nonEmpty: true }), (schedule, context) => {
  const seen = new Set<string>();
  for (const [index, { month, day }] of schedule.entries()) {
    const key = `${month}-${day}`;
    if (seen.has(key))
      return failAt(context, [`[${index}]`], schedule[index], `month ${month} day ${day} is listed twice`);
    seen.add(key);
  }
  return { _tag: 'Right', right: schedule };
});

export const PerUserPlan = strictObject('a per-user plan', {
  model: literal('per-user'),
  annualPricePerLicense: Price,
  initialLicenses: NonNegativeInteger,
  maxDevicesPerUser: optional(PositiveInteger),
  tallySchedule: optional(TallySchedule),
});

export const PerDeviceMonthlyPlan = strictObject('a per-device monthly plan', {
  model: literal('per-device'),
  billing: literal('monthly'),
  monthlyPricePerDevice: Price,
  maxDevicesPerUser: optional(PositiveInteger),
});

export const PerDeviceYearlyPlan = strictObject('a per-device yearly plan', {
  model: literal('per-device'),
  billing: literal('yearly'),
  termYears: oneOf([1, 2]),
  annualPricePerDevice: Price,
  devices: NonNegativeInteger,
  maxDevicesPerUser: optional(PositiveInteger),
});

export const Plan = taggedUnion('a plan', 'model', {
  'per-user': PerUserPlan,
  'per-device': taggedUnion('a per-device plan', 'billing', {
    monthly: PerDeviceMonthlyPlan,
    yearly: PerDeviceYearlyPlan,
  }),
});

export type TallyMonth = TallyMonthType;
export type PerUserPlan = PerUserPlanType;
export type PerDeviceMonthlyPlan = PerDeviceMonthlyPlanType;
export type PerDeviceYearlyPlan = PerDeviceYearlyPlanType;
export type Plan = PlanType;

true satisfies Equals<t.TypeOf<typeof TallyMonth>, TallyMonthType>;
true satisfies Equals<t.TypeOf<typeof PerUserPlan>, PerUserPlanType>;
true satisfies Equals<t.TypeOf<typeof PerDeviceMonthlyPlan>, PerDeviceMonthlyPlanType>;
true satisfies Equals<t.TypeOf<typeof PerDeviceYearlyPlan>, PerDeviceYearlyPlanType>;
true satisfies Equals<t.TypeOf<typeof Plan>, PlanType>;
