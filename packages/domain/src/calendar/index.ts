export { addMonthsClamped, addYearsClamped, monthlyDates } from './anchored.js';
export { compareDates, daysBetween, isCivilDate } from './civil-date.js';
export { DateOutOfRangeError, isDateOutOfRangeError, MAX_YEAR, MIN_YEAR } from './date-range.js';
export { DEFAULT_TALLY_SCHEDULE, tallyDates } from './tally-dates.js';
export { startOfDate, tallyInstant } from './zoned.js';
