// The two ways to open the store: a PostgreSQL server through pg, or PGlite in this process.
import type pg from 'pg';
import { type PgConnectionOptions, pgConnection } from './connection/pg-connection.js';
import { type PGliteDatabase, pgliteConnection } from './connection/pglite-connection.js';
import { openSqlEventStore, type SqlEventStore, type SqlEventStoreOptions } from './event-store.js';

export interface PostgresEventStoreOptions extends SqlEventStoreOptions, PgConnectionOptions {}

/**
 * The store on a PostgreSQL server: a connection string (`postgres://user:password@host:5432/db`),
 * a pg pool config, or a pool of yours (which `close()` leaves open).
 */
export const openPostgresEventStore = (
  connection: string | pg.PoolConfig | pg.Pool,
  options: PostgresEventStoreOptions = {},
): Promise<SqlEventStore> => openSqlEventStore(pgConnection(connection, options), options);

/** The store on PGlite: a data folder (created when missing) or a PGlite of yours. */
export const openPGliteEventStore = async (
  dataDir: string | PGliteDatabase,
  options: SqlEventStoreOptions = {},
): Promise<SqlEventStore> => openSqlEventStore(await pgliteConnection(dataDir), options);
