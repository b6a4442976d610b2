// The decider's given/when/then: a history, a command, and what the decider must answer.
//
//   given(events).when(command).then([{ type: 'DeviceActivated', data: { deviceId, userId } }]);
//   given(events).when(command).thenError('DeviceLimitReached');
//
// Expected events may leave out `orgId` and `occurredAt` (they default to the command's). A
// mismatch throws an AssertionError whose message shows the command and a diff of the answers.
import { AssertionError, deepStrictEqual } from 'node:assert';
import {
  applyOrgEvent,
  type Command,
  type DecisionErrorCode,
  decide,
  initialOrgState,
  type PendingEvent,
  type TallyEvent,
} from '@tally/domain';

/** An event the decider should emit: `orgId` and `occurredAt` default to the command's. */
export type ExpectedEvent = {
  readonly type: TallyEvent['type'];
  /** Compared when either side has it (an InvoiceIssued is version 2). */
  readonly schemaVersion?: number;
  readonly data: unknown;
  readonly orgId?: string;
  readonly occurredAt?: string;
};

export interface Then {
  /** Asserts the decider emits exactly these events (or the rejection with this code). */
  then(expected: readonly ExpectedEvent[] | { readonly code: DecisionErrorCode }): void;
  /** Asserts the decider rejects the command with this code. */
  thenError(code: DecisionErrorCode): void;
}

export interface When {
  when(command: Command): Then;
}

/** The history is a list of stored events (or pending ones: ids are filled in). */
export function given(events: readonly (TallyEvent | PendingEvent)[]): When {
  const state = initialOrgState();
  events.forEach((event, i) => {
    const stored = {
      eventId: `given-${i}`,
      recordedAt: event.occurredAt,
      ...event,
    } as TallyEvent;
    applyOrgEvent(state, stored);
  });
  return {
    when(command) {
      const decision = decide(command, state);
      const actual =
        decision._tag === 'Left'
          ? { rejected: decision.left.code, message: decision.left.message }
          : { events: decision.right.map(comparable) };
      const check = (expected: typeof actual, what: string) => {
        const header = `given ${events.length} event(s), when ${command.type} ${JSON.stringify(command.data)} at ${command.at}, then ${what}`;
        const { message: _ignored, ...actualShape } = actual as { message?: string };
        const { message: _none, ...expectedShape } = expected as { message?: string };
        try {
          deepStrictEqual(actualShape, expectedShape);
        } catch (error) {
          const diff = error instanceof Error ? error.message : String(error);
          const detail = 'message' in actual ? `\nthe decider said: ${actual.message}` : '';
          throw new AssertionError({
            message: `${header}\n${diff}${detail}`,
            actual: actualShape,
            expected: expectedShape,
            operator: 'deepStrictEqual',
          });
        }
      };
      const thenError = (code: DecisionErrorCode) =>
        check({ rejected: code, message: '' }, `rejected with ${code}`);
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then is the vocabulary; awaiting a Then is refused below.
        then(expected) {
          if (typeof expected === 'function') {
            throw new TypeError(
              'given(...).when(...) is not a promise: call .then(expectedEvents) without await',
            );
          }
          if ('code' in expected) return thenError(expected.code);
          const full = expected.map((event) =>
            comparable({ orgId: command.orgId, occurredAt: command.at, ...event } as PendingEvent),
          );
          check({ events: full }, `${full.length} event(s): ${full.map((e) => e.type).join(', ') || 'none'}`);
        },
        thenError,
      };
    },
  };
}

/** The fields a pending event is compared on, in wire order (and nothing else). */
function comparable(event: PendingEvent): PendingEvent {
  const { type, schemaVersion, orgId, occurredAt, data } = event;
  const version = schemaVersion === undefined ? {} : { schemaVersion };
  return { type, ...version, orgId, occurredAt, data } as PendingEvent;
}
