// An invoice is issued as known at the command's instant k, and recorded at the handler's clock r.
// With k after r, events recorded between r and k would count as known at k without being on the
// invoice, and no replay "as known at k" could reproduce it: such a command is refused.
import { type Instant, instantToEpochMs, type TallyEvent } from '@tally/domain';
import type { RejectionReason } from './command-errors.js';

/** Why events decided as known at their instant cannot be recorded at `recordedAt`, if they cannot. */
export function issuedAheadOfRecording(
  events: readonly Pick<TallyEvent, 'type' | 'occurredAt'>[],
  recordedAt: Instant,
): RejectionReason | undefined {
  const invoice = events.find(
    (event) =>
      event.type === 'InvoiceIssued' && instantToEpochMs(event.occurredAt) > instantToEpochMs(recordedAt),
  );
  if (invoice === undefined) return undefined;
  return {
    code: 'InvoiceIssuedAhead',
    message: `an invoice as known at ${invoice.occurredAt} cannot be recorded at ${recordedAt}, before it: what is recorded in between would count as known without being on it; issue it at or before the clock's instant`,
  };
}
