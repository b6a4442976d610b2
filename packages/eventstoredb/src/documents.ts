// Bookkeeping documents over EventStoreDB: each document is an event of its own stream (never a
// `tally-org-` stream, so the org subscription's filter passes them by), of the document's type,
// its JSON text as binary data (so it comes back byte for byte); the latest is read backwards, one event.
import { binaryEvent, ErrorType, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import { checkDocumentStreamName, type StoredDocument } from '@tally/ledger';

type Check = (operation: 'appendDocument' | 'readLastDocument', streamName: string, cause?: unknown) => void;

const utf8 = new TextDecoder();

export function createDocuments(client: EventStoreDBClient, check: Check) {
  return {
    appendDocument: async (streamName: string, document: StoredDocument): Promise<void> => {
      check('appendDocument', streamName);
      checkDocumentStreamName(streamName);
      try {
        // Binary content: the client hands the bytes back as they were (it would parse JSON
        // content and the text could not be given back byte for byte).
        await client.appendToStream(
          streamName,
          binaryEvent({ type: document.type, data: new TextEncoder().encode(document.json) }),
        );
      } catch (error) {
        check('appendDocument', streamName, error);
      }
    },
    readLastDocument: async (streamName: string): Promise<StoredDocument | undefined> => {
      check('readLastDocument', streamName);
      checkDocumentStreamName(streamName);
      try {
        // Read to its end (one event), never left midway: a read the client is told to stop
        // early keeps its call open, and disposing the client then waits for it.
        const page: ResolvedEvent[] = [];
        for await (const resolved of client.readStream(streamName, {
          direction: 'backwards',
          fromRevision: 'end',
          maxCount: 1,
        })) {
          page.push(resolved);
        }
        const event = page[0]?.event;
        if (event !== undefined) {
          const data = event.data as unknown;
          const json =
            data instanceof Uint8Array
              ? utf8.decode(data)
              : typeof data === 'string'
                ? data
                : JSON.stringify(data);
          return { type: event.type, json };
        }
        return undefined;
      } catch (error) {
        if (
          typeof error === 'object' &&
          error !== null &&
          Reflect.get(error, 'type') === ErrorType.STREAM_NOT_FOUND
        )
          return undefined;
        check('readLastDocument', streamName, error);
        return undefined;
      }
    },
  };
}
