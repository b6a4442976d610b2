// The one line that refuses a line of a file: `NAME:LINE: eventId: field: what is wrong` (the
// form of every tally message about an input line; `-` when the line names no event).
export function lineProblem(
  name: string,
  line: number,
  eventId: string | undefined,
  problem: string,
): string {
  const id = eventId === undefined || eventId === '' ? '-' : eventId;
  return `${name}:${line}: ${id}: ${oneLine(problem)}`;
}

/** Every run of white space that holds a line break becomes one space. Runs are matched whole
 * (`\s+`, linear): `\s*\n\s*` retried at every space of a long run without a line break, which is
 * quadratic (a problem quoting 100,000 spaces took seconds). */
const oneLine = (text: string): string => text.replace(/\s+/g, (run) => (run.includes('\n') ? ' ' : run));
