// How a TallyEvent is written to and read from EventStoreDB:
//   event id     = the eventId when it is a UUID, else a version-5 UUID made from it
//   event type   = the event's `type`
//   content type = application/json
//   data         = the whole event in the wire format of docs/wire-format.md (type, eventId, orgId,
//                  occurredAt, recordedAt, data): a read gives back exactly the event appended
//   metadata     = `{ "tallyEventId": "<eventId>" }` only when the eventId is not a UUID
import type { EventData, JSONType, ResolvedEvent } from '@eventstore/db-client';
import type { TallyEvent } from '@tally/domain';
import { InvalidStoredEventError, type RecordedEvent } from '@tally/ledger';
import { eventIdToUuid, isUuid } from './eventIdUuid.js';
import { decodeStoredJson, encodeForStorage } from './eventJson.js';

// InvalidStoredEventError is the ledger's: every adapter raises the same one.

export const toEventData = (event: TallyEvent): EventData => ({
  id: eventIdToUuid(event.eventId),
  contentType: 'application/json',
  type: event.type,
  data: encodeForStorage(event) as JSONType,
  metadata: isUuid(event.eventId) ? undefined : { tallyEventId: event.eventId },
});

export const fromResolvedEvent = (streamName: string, resolved: ResolvedEvent): RecordedEvent => {
  const recorded = resolved.event;
  if (!recorded) {
    // Only links to deleted events come without one; Tally never writes links.
    const revision = resolved.link?.revision ?? -1n;
    throw new InvalidStoredEventError(streamName, revision, 'a link to an event that no longer exists');
  }
  const { revision } = recorded;
  if (!recorded.isJson) {
    throw new InvalidStoredEventError(streamName, revision, `event ${recorded.id} is not JSON`);
  }
  // The client hands back the raw text when the JSON does not parse.
  if (typeof recorded.data !== 'object' || recorded.data === null || Array.isArray(recorded.data)) {
    throw new InvalidStoredEventError(
      streamName,
      revision,
      `event ${recorded.id}: data is not a JSON object`,
    );
  }
  const decoded = decodeStoredJson(recorded.data);
  if (!decoded.ok) throw new InvalidStoredEventError(streamName, revision, decoded.problem);
  return { streamName, revision, event: decoded.event };
};
