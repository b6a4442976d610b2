// The ways a command fails, each with its exit code. Commands throw these; `runTally` prints the
// message (one line) and returns the code. Anything else is a bug and is reported as exit 1
// without a stack trace.
import { LogLineRefusedError } from '@tally/ledger/log-files';

/** 2 = the input or the command line is wrong; 1 = the input is readable but does not hold
 * (verify), or the question has no answer (not a billing date, unknown org, store failure). */
export type ExitCode = 1 | 2;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** Print the command's usage after the message. */
    readonly showUsage = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A line of the input that cannot be used: `FILE:LINE: eventId: field: what is wrong`. */
export const badInput = (message: string): CliError => new CliError(message, 2);

export const usageError = (message: string): CliError => new CliError(message, 2, true);

/** The answer is "no" (verify failed, no invoice on that date, no such org). */
export const failure = (message: string): CliError => new CliError(message, 1);

export const isCliError = (error: unknown): error is CliError => error instanceof CliError;

/** A CLI error as it is, a log file's refused line (@tally/ledger/log-files) as bad input worded
 * as the CLI's one line; undefined for anything else. */
export function asCliError(error: unknown): CliError | undefined {
  if (isCliError(error)) return error;
  if (error instanceof LogLineRefusedError) {
    return badInput(inputLine(error.source, error.line, error.eventId, error.problem));
  }
  return undefined;
}

/** Shown when an event has no readable eventId (truncated JSON, no eventId field). */
export const NO_EVENT_ID = '-';

/** The one line that refuses an input line. */
export function inputLine(
  where: string,
  line: number,
  eventId: string | undefined,
  fieldAndProblem: string,
): string {
  const id = eventId === undefined || eventId === '' ? NO_EVENT_ID : escapeControls(eventId);
  return `${where}:${line}: ${id}: ${oneLine(fieldAndProblem)}`;
}

/** The longest line a refusal prints: a value of megabytes is cut, not echoed. */
export const MAX_MESSAGE_LENGTH = 1000;

/** What reaches the terminal: one line, no control character (a CR or an ESC could make a
 * refusal look like a success), at most MAX_MESSAGE_LENGTH characters. */
export function terminalLine(message: string): string {
  const line = escapeControls(oneLine(message));
  if (line.length <= MAX_MESSAGE_LENGTH) return line;
  let cut = MAX_MESSAGE_LENGTH - 1;
  const last = line.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1; // not half a surrogate pair
  return `${line.slice(0, cut)}…`;
}

// C0 controls, DEL and C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control characters written as escapes (`\n`, `\r`, `\t`, `\u001b`), as JSON would. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every run of white space that holds a line break becomes one space. Runs are matched whole
 * (`\s+`, linear): `\s*\n\s*` retried at every space of a long run without one (quadratic: an
 * id of 100,000 spaces took seconds to refuse). */
export const oneLine = (text: string): string =>
  text.replace(/\s+/g, (run) => (run.includes('\n') ? ' ' : run));
