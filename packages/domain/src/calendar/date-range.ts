// Dates and instants are in the years 0001 to 9999 (docs/wire-format.md): four digits, the form
// the wire carries and sorts as text. A computation that would leave that range (a service
// period ending in year 10000, the start of 9999-12-31 in a zone west of UTC) has no answer
// Tally can write: it throws this error, which the billing entry points turn into a
// `DateOutOfRange` BillingError, rather than printing `+010000-01-31`.

export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

export class DateOutOfRangeError extends RangeError {
  readonly code = 'DateOutOfRange' as const;
  constructor(
    /** What was computed, as ISO 8601 writes it (`+010000-01-31`). */
    readonly computed: string,
    message = `a date the billing rules need would be ${computed}, outside the years 0001 to 9999 that Tally handles`,
  ) {
    super(message);
    this.name = 'DateOutOfRangeError';
  }
}

export const isDateOutOfRangeError = (error: unknown): error is DateOutOfRangeError =>
  error instanceof DateOutOfRangeError;

/** Throws DateOutOfRangeError unless `year` is in range; `computed` names the value for the
 * message (called with a thunk so the common case builds no string). */
export function requireYearInRange(year: number, computed: () => string): void {
  if (year < MIN_YEAR || year > MAX_YEAR) throw new DateOutOfRangeError(computed());
}
