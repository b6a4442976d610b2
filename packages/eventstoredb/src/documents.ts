// Bookkeeping documents over EventStoreDB, in streams of their own (never `tally-org-`, so the
// org subscription's filter passes them by). A node refuses an append over its maximum append
// size (1 MiB by default), and a large org's snapshot is tens of MB, so a document is written
// as parts of at most `partBytes` bytes, one append each, every part an event of the
// document's type whose data is that slice of the JSON text (binary content: read back byte for
// byte) and whose metadata says `{ tallyDocument, part, parts }`. The latest document is the
// last one whose parts are all there, in order: a writer that died midway leaves a partial
// document that a read passes over, to the complete one before it.
import { randomUUID } from 'node:crypto';
import { binaryEvent, ErrorType, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import { checkDocumentStreamName, type StoredDocument } from '@tally/ledger';

type Check = (operation: 'appendDocument' | 'readLastDocument', streamName: string, cause?: unknown) => void;

/** Half of a node's default maximum append size, leaving room for the event's envelope. */
export const DEFAULT_DOCUMENT_PART_BYTES = 512 * 1024;
/** Events a backwards read of a document stream takes at a time. */
const READ_PAGE = 64;

interface PartMetadata {
  readonly tallyDocument: string;
  readonly part: number;
  readonly parts: number;
}

const utf8 = new TextDecoder();

const partOf = (event: NonNullable<ResolvedEvent['event']>): PartMetadata | undefined => {
  const metadata = event.metadata as unknown;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const { tallyDocument, part, parts } = metadata as Record<string, unknown>;
  return typeof tallyDocument === 'string' && Number.isSafeInteger(part) && Number.isSafeInteger(parts)
    ? { tallyDocument, part: part as number, parts: parts as number }
    : undefined;
};

const bytesOf = (data: unknown): Uint8Array =>
  data instanceof Uint8Array
    ? data
    : new TextEncoder().encode(typeof data === 'string' ? data : JSON.stringify(data));

export function createDocuments(
  client: EventStoreDBClient,
  check: Check,
  partBytes = DEFAULT_DOCUMENT_PART_BYTES,
) {
  if (!Number.isSafeInteger(partBytes) || partBytes <= 0) {
    throw new RangeError(`documentPartBytes must be a positive integer, got ${partBytes}`);
  }

  /** One backwards page of the stream, read to its end (a read left midway keeps its call open). */
  const page = async (streamName: string, from: bigint | 'end'): Promise<ResolvedEvent[]> => {
    const events: ResolvedEvent[] = [];
    for await (const resolved of client.readStream(streamName, {
      direction: 'backwards',
      fromRevision: from,
      maxCount: READ_PAGE,
    })) {
      events.push(resolved);
    }
    return events;
  };

  return {
    appendDocument: async (streamName: string, document: StoredDocument): Promise<void> => {
      check('appendDocument', streamName);
      checkDocumentStreamName(streamName);
      const bytes = new TextEncoder().encode(document.json);
      const parts = Math.max(1, Math.ceil(bytes.byteLength / partBytes));
      const tallyDocument = randomUUID();
      try {
        for (let part = 0; part < parts; part += 1) {
          const data = bytes.subarray(part * partBytes, (part + 1) * partBytes);
          await client.appendToStream(
            streamName,
            binaryEvent({ type: document.type, data, metadata: { tallyDocument, part, parts } }),
          );
        }
      } catch (error) {
        check('appendDocument', streamName, error);
      }
    },

    readLastDocument: async (streamName: string): Promise<StoredDocument | undefined> => {
      check('readLastDocument', streamName);
      checkDocumentStreamName(streamName);
      try {
        // Backwards: a document's last part comes first, then the ones before it.
        let collected:
          | { readonly id: string; readonly type: string; readonly chunks: Uint8Array[] }
          | undefined;
        let from: bigint | 'end' = 'end';
        for (;;) {
          const events = await page(streamName, from);
          for (const resolved of events) {
            const event = resolved.event;
            if (event === undefined) continue;
            const part = partOf(event);
            if (part === undefined) {
              collected = undefined;
              continue;
            }
            const expected = collected === undefined ? part.parts - 1 : collected.chunks.length;
            const continues =
              collected !== undefined &&
              collected.id === part.tallyDocument &&
              part.part === part.parts - 1 - expected;
            if (!continues) {
              // Not the next part of the document being collected: the last part of another?
              collected =
                part.part === part.parts - 1
                  ? { id: part.tallyDocument, type: event.type, chunks: [] }
                  : undefined;
              if (collected === undefined) continue;
            }
            collected?.chunks.push(bytesOf(event.data));
            if (collected !== undefined && part.part === 0) {
              const chunks = collected.chunks.reverse();
              const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
              const joined = new Uint8Array(total);
              let offset = 0;
              for (const chunk of chunks) {
                joined.set(chunk, offset);
                offset += chunk.byteLength;
              }
              return { type: collected.type, json: utf8.decode(joined) };
            }
          }
          const last = events.at(-1)?.event?.revision;
          if (events.length < READ_PAGE || last === undefined || last === 0n) return undefined;
          from = last - 1n;
        }
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
