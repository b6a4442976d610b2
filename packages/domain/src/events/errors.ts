// Decoding failures as one line a person can act on: `<field path>: <problem>`, with the event's
// id and type when the input names them, and the line number when it came from a log.
import type * as t from 'io-ts';
import { isPlainObject } from './combinators.js';

export interface EventDecodeError {
  /** One line: the field path (or `event` for the whole object) and what is wrong with it. */
  readonly message: string;
  /** `data.plan.monthlyPricePerDevice`, `data.lines[0].amount`; empty for the whole event or line. */
  readonly path: string;
  readonly eventId?: string;
  readonly type?: string;
}

export type LogLineError = EventDecodeError & { readonly line: number };

/** The label of the whole event in messages, where there is no field path. */
const ROOT_LABEL = 'event';

export function pathOf(context: t.Context): string {
  let path = '';
  for (const { key } of context) {
    if (key === '') continue;
    path += key.startsWith('[') || path === '' ? key : `.${key}`;
  }
  return path;
}

/** An error about `path` of `input`, naming the event when the input says what it is. */
export function decodeError(input: unknown, path: string, problem: string): EventDecodeError {
  const eventId = isPlainObject(input) && typeof input.eventId === 'string' ? input.eventId : undefined;
  const type = isPlainObject(input) && typeof input.type === 'string' ? input.type : undefined;
  return {
    message: `${path === '' ? ROOT_LABEL : path}: ${problem}`,
    path,
    ...(eventId === undefined || eventId === '' ? {} : { eventId }),
    ...(type === undefined ? {} : { type }),
  };
}

/** The first io-ts failure (codecs stop at the first one) as an EventDecodeError. */
export function fromValidationErrors(input: unknown, errors: t.Errors): EventDecodeError {
  const first = errors[0];
  if (first === undefined) return decodeError(input, '', 'could not be decoded');
  const last = first.context[first.context.length - 1];
  return decodeError(
    input,
    pathOf(first.context),
    first.message ?? `expected ${last?.type.name ?? 'something else'}`,
  );
}

/** `line 12 (event 7f3a..., DeviceActivated): data.deviceId: missing`, for logs and CLIs. */
export function formatLogLineError(error: LogLineError): string {
  const about = [error.eventId === undefined ? undefined : `event ${error.eventId}`, error.type].filter(
    (part) => part !== undefined,
  );
  return `line ${error.line}${about.length === 0 ? '' : ` (${about.join(', ')})`}: ${error.message}`;
}
