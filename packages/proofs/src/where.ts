// The one line that refuses a line of a file: `NAME:LINE: eventId: field: what is wrong` (the
// form of every tally message about an input line; `-` when the line names no event).
export function lineProblem(
  name: string,
  line: number,
  eventId: string | undefined,
  problem: string,
): string {
  const id = eventId === undefined || eventId === '' ? '-' : eventId;
  return `${name}:${line}: ${id}: ${problem.replace(/\s*\n\s*/g, ' ')}`;
}
