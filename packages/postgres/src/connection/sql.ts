// The little the store asks of a database connection: one statement with parameters, and a
// transaction. A PostgreSQL server (through pg) and PGlite (in process) both give it, so the
// store is written once.

/** A row as its column values, in the order the statement selects them. */
export type Row = readonly unknown[];

export interface SqlQuery {
  /** Runs one statement with `$1`-style parameters; rows come as arrays. */
  query(text: string, params?: readonly unknown[]): Promise<readonly Row[]>;
}

export interface SqlConnection extends SqlQuery {
  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back
   * when it throws. */
  transaction<T>(work: (sql: SqlQuery) => Promise<T>): Promise<T>;
  /** The bytes of `COPY (select) TO STDOUT (FORMAT binary)` (read by binary-copy.ts): rows whose
   * text fields come as the stored bytes, with none of the per-field decoding of `query`. COPY
   * takes no parameters, so `select` has its values written in (sql-literal.ts). */
  copyBinary(select: string): Promise<Uint8Array>;
  /** Releases what the connection holds; the connection is unusable afterwards. */
  close(): Promise<void>;
  /** Where it connects, for messages: `host:port/database` or a folder, never a password. */
  readonly target: string;
  /** The database user, for messages. */
  readonly user: string;
}
