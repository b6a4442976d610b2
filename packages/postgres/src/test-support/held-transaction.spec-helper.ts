// A store whose statements all run in one transaction that the test commits or rolls back when
// it chooses: an append that has written its rows and not yet committed, through the store's
// own code. With it the tests hold a transaction in flight on purpose.
import pg from 'pg';
import { copyBinaryOut } from '../connection/pg-copy-out.js';
import type { SqlConnection } from '../connection/sql.js';
import { openSqlEventStore, type SqlEventStore } from '../event-store.js';

export interface HeldTransaction {
  /** The store; its appends stay uncommitted until `commit()`. */
  readonly store: SqlEventStore;
  /** The transaction's id, assigned when it was opened. */
  readonly transactionId: bigint;
  /** The server process running it (for pg_terminate_backend). */
  readonly pid: number;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export async function holdTransaction(url: string, schema = 'public'): Promise<HeldTransaction> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  client.on('error', () => {});
  await client.query('BEGIN');
  const [row] = (await client.query('SELECT pg_current_xact_id()::text AS xid, pg_backend_pid() AS pid'))
    .rows;
  const connection: SqlConnection = {
    target: 'held transaction',
    user: 'tally',
    query: async (text, params) =>
      (await client.query<unknown[]>({ text, values: params ? [...params] : [], rowMode: 'array' })).rows,
    copyBinary: (select) => copyBinaryOut(client, select),
    transaction: (work) => work(connection),
    close: async () => {},
  };
  const store = await openSqlEventStore(connection, { schema, migrate: false });
  const end = async (statement: string) => {
    await client.query(statement);
    await client.end();
  };
  return {
    store,
    transactionId: BigInt(row.xid),
    pid: row.pid,
    commit: () => end('COMMIT'),
    rollback: () => end('ROLLBACK'),
  };
}
