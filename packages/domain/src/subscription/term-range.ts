// A term must end by 9999-12-31, the last date Tally handles (calendar/date-range.ts): no invoice
// of a later term could be written. The decider refuses the command that would open such a
// term and the log checker the event, with the same words.
import { isDateOutOfRangeError } from '../calendar/date-range.js';

/** What is wrong with the term `openTerm` opens (it computes the term's dates and throws
 * DateOutOfRangeError past the range), or undefined when it ends in range. */
export function termEndOutOfRange(openTerm: () => unknown): string | undefined {
  try {
    openTerm();
    return undefined;
  } catch (error) {
    if (!isDateOutOfRangeError(error)) throw error;
    return `the term would end on ${error.computed}, after 9999-12-31, the last date Tally handles`;
  }
}
