// `COPY ... TO STDOUT` through a pg client: pg's query API decodes every field of every row to a
// string, while the COPY protocol hands over raw bytes (CopyData messages). pg runs an object
// with a `submit` method as a query of its own and gives it the connection's messages; this one
// sends the statement and keeps the CopyData bytes.
import { Buffer } from 'node:buffer';
import type pg from 'pg';

/** The messages pg passes to a submitted query (its types declare `submit` alone). */
interface Submittable {
  submit(connection: { query(text: string): void }): void;
  handleCopyData(message: { chunk: Uint8Array }): void;
  handleRowDescription(): void;
  handleDataRow(): void;
  handleCommandComplete(): void;
  handleEmptyQuery(): void;
  handleError(error: unknown): void;
  handleReadyForQuery(): void;
}

/** The bytes `COPY (select) TO STDOUT (FORMAT binary)` writes, in one buffer. */
export function copyBinaryOut(client: pg.ClientBase, select: string): Promise<Buffer> {
  const text = `COPY (${select}) TO STDOUT (FORMAT binary)`;
  return new Promise((resolve, reject) => {
    // The messages' bytes, copied into one buffer as they come: the chunk pg hands over is a view
    // of its read buffer, which it reuses. Room for an eighth more, so that the trailer after a
    // large row does not copy the row again.
    let bytes = Buffer.allocUnsafe(0);
    let length = 0;
    let failed = false;
    const query: Submittable = {
      submit: (connection) => connection.query(text),
      handleCopyData: ({ chunk }) => {
        if (length + chunk.length > bytes.length) {
          const grown = Buffer.allocUnsafe(length + chunk.length + ((length + chunk.length) >> 3) + 64);
          bytes.copy(grown, 0, 0, length);
          bytes = grown;
        }
        bytes.set(chunk, length);
        length += chunk.length;
      },
      handleRowDescription: () => {},
      handleDataRow: () => {},
      handleCommandComplete: () => {},
      handleEmptyQuery: () => {},
      handleError: (error) => {
        failed = true;
        reject(error);
      },
      handleReadyForQuery: () => {
        if (!failed) resolve(bytes.subarray(0, length));
      },
    };
    (client as unknown as { query(query: Submittable): void }).query(query);
  });
}
