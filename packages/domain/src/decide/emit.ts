// Building the pending events a command emits: every one carries the command's orgId and has
// occurredAt = command.at, so a cascade lands at one instant.
import type { PendingEvent, TallyEvent, TallyEventType } from '../events/types.js';
import type { Command } from './commands.js';

export type EventData<T extends TallyEventType> = Extract<TallyEvent, { type: T }>['data'];

export function emit<T extends TallyEventType>(
  command: Command,
  type: T,
  data: EventData<T>,
): PendingEvent<Extract<TallyEvent, { type: T }>> {
  // The conditional PendingEvent type cannot be checked against a generic literal; the shape is
  // exactly the envelope without eventId and recordedAt.
  return { type, orgId: command.orgId, occurredAt: command.at, data } as unknown as PendingEvent<
    Extract<TallyEvent, { type: T }>
  >;
}
