// How a TallyEvent is written to and read from EventStoreDB:
//   event id     = the eventId when it is a UUID, else a version-5 UUID made from it
//   event type   = the event's `type`
//   content type = application/json
//   data         = the whole event in the wire format of docs/wire-format.md (type, eventId, orgId,
//                  occurredAt, recordedAt, data): a read gives back exactly the event appended
//   metadata     = `{ "tallyEventId": "<eventId>" }` only when the eventId is not a UUID
import type { EventData, JSONType } from '@eventstore/db-client';
import { type LogDecoder, serializeEvent, type TallyEvent } from '@tally/domain';
import { InvalidStoredEventError, type RecordedEvent } from '@tally/ledger';
import type { ProposedEvent } from './batchAppendWire.js';
import { eventIdToUuid, isUuid } from './eventIdUuid.js';
import type { WireRecordedEvent } from './readResp.js';

// InvalidStoredEventError is the ledger's: every adapter raises the same one.

const JSON_CONTENT_TYPE = 'application/json';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const utf8 = new TextEncoder();
const NO_METADATA = new Uint8Array(0);

/** An event as it is proposed to the server, with the JSON text of its data (which a replayed
 * append's content is compared by). */
export interface ProposedTallyEvent extends ProposedEvent {
  readonly text: string;
}

export const toProposedEvent = (event: TallyEvent): ProposedTallyEvent => {
  // The wire format's text, keys in their fixed order (docs/wire-format.md).
  const text = serializeEvent(event);
  return {
    id: eventIdToUuid(event.eventId),
    type: event.type,
    contentType: JSON_CONTENT_TYPE,
    text,
    data: utf8.encode(text),
    customMetadata: isUuid(event.eventId)
      ? NO_METADATA
      : utf8.encode(JSON.stringify({ tallyEventId: event.eventId })),
  };
};

/** The same event for the client's own appendToStream (a node without BatchAppend). */
export const toEventData = (proposed: ProposedTallyEvent): EventData => ({
  id: proposed.id,
  contentType: JSON_CONTENT_TYPE,
  type: proposed.type,
  data: JSON.parse(proposed.text) as JSONType,
  metadata:
    proposed.customMetadata.length === 0
      ? undefined
      : (JSON.parse(Buffer.from(proposed.customMetadata).toString('utf8')) as JSONType),
});

/** A read event decoded from its data's bytes (readResp.ts) by the domain's decoder of the
 * read, the one a log's lines go through (its fast path included). Stored events are not
 * trusted: a refusal names the revision and what is wrong; bytes that are not UTF-8 are
 * refused, never read with U+FFFD. */
export const fromWireEvent = (
  streamName: string,
  read: { readonly event: WireRecordedEvent | undefined; readonly link: WireRecordedEvent | undefined },
  decoder: LogDecoder,
): RecordedEvent => {
  const recorded = read.event;
  if (recorded === undefined) {
    const revision = read.link?.revision ?? -1n;
    throw new InvalidStoredEventError(streamName, revision, 'a link to an event that no longer exists');
  }
  const { revision } = recorded;
  if (recorded.contentType !== JSON_CONTENT_TYPE) {
    throw new InvalidStoredEventError(streamName, revision, `event ${recorded.id} is not JSON`);
  }
  const decoded = decoder.decodePayload(recorded.data);
  if (decoded._tag === 'Right') return { streamName, revision, event: decoded.right };
  throw new InvalidStoredEventError(streamName, revision, payloadProblem(recorded, decoded.left.message));
};

/** Why data the decoder refused is not an event: not a JSON object, or the decoder's words
 * after the eventId the object names. Parsed a second time only here, on the way to an error. */
function payloadProblem(recorded: WireRecordedEvent, problem: string): string {
  let text: string;
  try {
    text = strictUtf8.decode(recorded.data);
  } catch {
    // Not UTF-8: the decoder's problem names the first bad byte.
    return `event ${recorded.id}: ${problem}`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return `event ${recorded.id}: data is not a JSON object`;
  }
  const eventId = Reflect.get(json, 'eventId');
  return `${typeof eventId === 'string' ? `event ${eventId}: ` : ''}${problem}`;
}
