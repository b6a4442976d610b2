// A SqlConnection over a pg pool: one PostgreSQL server, many connections.
import pg from 'pg';
import { copyBinaryOut } from './pg-copy-out.js';
import type { Row, SqlConnection, SqlQuery } from './sql.js';

export interface PgConnectionOptions {
  /** Connections the pool may open; defaults to pg's 10. */
  readonly maxConnections?: number;
}

/** Everything a pool needs to say where it goes, from a connection string or a config. */
function describe(config: pg.PoolConfig): { target: string; user: string } {
  if (config.connectionString !== undefined) {
    try {
      const url = new URL(config.connectionString);
      const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
      return {
        target: `${url.hostname || 'localhost'}:${url.port || '5432'}/${database}`,
        user: decodeURIComponent(url.username) || 'postgres',
      };
    } catch {
      return { target: 'the server of the connection string', user: 'postgres' };
    }
  }
  const user = typeof config.user === 'string' ? config.user : 'postgres';
  return { target: `${config.host ?? 'localhost'}:${config.port ?? 5432}/${config.database ?? user}`, user };
}

// Every statement the store sends is one of a few texts: each gets a name, so that each
// connection parses and plans it once (a prepared statement) instead of on every call.
const statementNames = new Map<string, string>();
const nameOf = (text: string): string => {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `tally_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
};

const arrays = (text: string, params: readonly unknown[] | undefined) => ({
  name: nameOf(text),
  text,
  values: params === undefined ? [] : [...params],
  rowMode: 'array' as const,
});

/** A pool made from a connection string or a config (the pool is this connection's to end), or
 * a pool of yours (then `close()` leaves it open). */
export function pgConnection(
  source: string | pg.PoolConfig | pg.Pool,
  options: PgConnectionOptions = {},
): SqlConnection {
  const owned = !(source instanceof pg.Pool);
  const config: pg.PoolConfig =
    source instanceof pg.Pool
      ? source.options
      : typeof source === 'string'
        ? { connectionString: source }
        : source;
  const pool =
    source instanceof pg.Pool
      ? source
      : new pg.Pool({
          application_name: 'tally',
          ...config,
          ...(options.maxConnections === undefined ? {} : { max: options.maxConnections }),
        });
  // An idle connection the server closes is dropped by the pool; without a listener the error
  // would end the process. The next query opens a new connection and reports for itself.
  if (owned) pool.on('error', () => {});
  // A connection the server ends mid-query (a terminated backend, a restart) fails that query,
  // and may then emit 'error' again as its socket closes, after pg's own once-listener is gone:
  // every client gets a listener of its own, so that second report cannot end the process.
  if (owned) pool.on('connect', (client) => client.on('error', () => {}));

  const query = async (text: string, params?: readonly unknown[]): Promise<readonly Row[]> =>
    (await pool.query<unknown[]>(arrays(text, params))).rows;

  return {
    ...describe(config),
    query,
    async transaction<T>(work: (sql: SqlQuery) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: unknown;
      try {
        await client.query('BEGIN');
        const sql: SqlQuery = {
          query: async (text, params) => (await client.query<unknown[]>(arrays(text, params))).rows,
        };
        const result = await work(sql);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A failed ROLLBACK means the connection itself is gone: it must not go back to the pool.
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    async copyBinary(select: string): Promise<Uint8Array> {
      const client = await pool.connect();
      let failure: unknown;
      try {
        return await copyBinaryOut(client, select);
      } catch (error) {
        failure = error;
        throw error;
      } finally {
        // A connection a COPY failed on is not reused: it may be the connection that failed.
        client.release(failure === undefined ? undefined : failure instanceof Error ? failure : true);
      }
    },
    close: async () => {
      if (owned) await pool.end();
    },
  };
}
