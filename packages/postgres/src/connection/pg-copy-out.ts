// `COPY ... TO STDOUT` through a pg client: pg's query API decodes every field of every row to a
// string, while the COPY protocol hands over raw bytes (CopyData messages). pg runs an object
// with a `submit` method as a query of its own and gives it the connection's messages; this one
// sends the statement and keeps the CopyData bytes.
import { Buffer } from 'node:buffer';
import type pg from 'pg';

/** The messages pg passes to a submitted query (pg's Submittable, which its types leave out). */
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

/** The bytes the COPY statement `text` writes to STDOUT, in one buffer. */
export function copyOut(client: pg.ClientBase, text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let failed = false;
    const query: Submittable = {
      submit: (connection) => connection.query(text),
      // The chunk is a view of pg's read buffer, which it reuses: copied before it returns.
      handleCopyData: ({ chunk }) => chunks.push(Buffer.from(chunk)),
      handleRowDescription: () => {},
      handleDataRow: () => {},
      handleCommandComplete: () => {},
      handleEmptyQuery: () => {},
      handleError: (error) => {
        failed = true;
        reject(error);
      },
      handleReadyForQuery: () => {
        if (!failed) resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
      },
    };
    (client as unknown as { query(query: Submittable): void }).query(query);
  });
}
