// The store's tables, created and upgraded by the store itself. Each migration has a version;
// the versions applied are rows of tally_schema_version. Migrating is idempotent and safe for
// several processes at once (they queue on an advisory lock), and a database whose version is
// newer than this code knows is refused rather than written to.
import type { SqlConnection, SqlQuery } from './connection/sql.js';
import { classifyFailure, PostgresSchemaMissingError, PostgresSchemaTooNewError } from './errors.js';

export interface Migration {
  readonly version: number;
  readonly description: string;
  /** Statements run in order, in the migration's transaction. */
  readonly statements: (schema: string) => readonly string[];
}

/** The qualified, quoted name of a table of the store. */
export const tableIn = (schema: string, table: string): string => `"${schema}"."${table}"`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'tally_events: every stream, one row an event',
    statements: (schema) => [
      `CREATE TABLE ${tableIn(schema, 'tally_events')} (
        global_position bigint PRIMARY KEY,
        stream_name text NOT NULL,
        revision bigint NOT NULL CHECK (revision >= 0),
        event_id text NOT NULL,
        event_type text NOT NULL,
        payload text NOT NULL,
        CONSTRAINT tally_events_stream_revision UNIQUE (stream_name, revision),
        CONSTRAINT tally_events_stream_event_id UNIQUE (stream_name, event_id)
      )`,
    ],
  },
  {
    version: 2,
    description: 'tally_documents: bookkeeping documents (checkpoints, snapshots), apart from the events',
    statements: (schema) => [
      `CREATE TABLE ${tableIn(schema, 'tally_documents')} (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_name text NOT NULL,
        document_type text NOT NULL,
        payload text NOT NULL
      )`,
      `CREATE INDEX tally_documents_stream ON ${tableIn(schema, 'tally_documents')} (stream_name, seq)`,
    ],
  },
  {
    version: 3,
    description: 'tally_events: event ids found through a hash index, kept unique in a stream by the append',
    // A B-tree of (stream, random id) takes its inserts all over the index: past a few hundred
    // thousand events each append touched pages that had left memory (docs/performance.md,
    // PostgreSQL). A hash index of the id is a third of its size; the append itself refuses an
    // id the stream holds, in the statement that decides the revision (append.ts says why no
    // race gets past it).
    statements: (schema) => [
      `ALTER TABLE ${tableIn(schema, 'tally_events')} DROP CONSTRAINT tally_events_stream_event_id`,
      `CREATE INDEX tally_events_event_id ON ${tableIn(schema, 'tally_events')} USING hash (event_id)`,
    ],
  },
];

/** The version this code writes and reads. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema name safe to quote: lower-case letters, digits and `_`, as PostgreSQL folds them. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(
      `schema "${schema}" is not a plain PostgreSQL name: use lower-case letters, digits and _ (at most 63)`,
    );
  }
  return schema;
}

const UNDEFINED_TABLE = '42P01';

/** The version the database holds: 0 when it has no version table. */
async function versionIn(sql: SqlQuery, schema: string): Promise<number> {
  try {
    const [row] = await sql.query(
      `SELECT coalesce(max(version), 0) FROM ${tableIn(schema, 'tally_schema_version')}`,
    );
    return Number(row?.[0] ?? 0);
  } catch (error) {
    if (typeof error === 'object' && error !== null && Reflect.get(error, 'code') === UNDEFINED_TABLE)
      return 0;
    throw error;
  }
}

/** Refuses a database this code cannot use: throws the typed error that says why. */
function checkVersion(schema: string, found: number): void {
  if (found > SCHEMA_VERSION) throw new PostgresSchemaTooNewError(schema, found, SCHEMA_VERSION);
  if (found < SCHEMA_VERSION) throw new PostgresSchemaMissingError(schema, found, SCHEMA_VERSION);
}

/**
 * Brings the schema to this code's version, in one transaction: whatever fails leaves the
 * database as it was. Returns the versions it applied (none when it was up to date).
 */
export async function migrate(connection: SqlConnection, schema: string): Promise<number[]> {
  try {
    return await connection.transaction(async (sql) => {
      // The lock queues concurrent migrations (several processes starting at once); it is
      // keyed by the schema's name, so it can be taken before the schema exists.
      await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tally-migrate:${schema}`]);
      await sql.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await sql.query(
        `CREATE TABLE IF NOT EXISTS ${tableIn(schema, 'tally_schema_version')} (
          version integer PRIMARY KEY,
          description text NOT NULL
        )`,
      );
      const found = await versionIn(sql, schema);
      if (found > SCHEMA_VERSION) throw new PostgresSchemaTooNewError(schema, found, SCHEMA_VERSION);
      const applied: number[] = [];
      for (const migration of MIGRATIONS) {
        if (migration.version <= found) continue;
        for (const statement of migration.statements(schema)) await sql.query(statement);
        await sql.query(
          `INSERT INTO ${tableIn(schema, 'tally_schema_version')} (version, description) VALUES ($1, $2)`,
          [migration.version, migration.description],
        );
        applied.push(migration.version);
      }
      return applied;
    });
  } catch (error) {
    if (error instanceof PostgresSchemaTooNewError) throw error;
    throw classifyFailure(error, { operation: 'migrate', target: connection.target, user: connection.user });
  }
}

/** Checks, without changing anything, that the database holds this code's version. */
export async function checkSchema(connection: SqlConnection, schema: string): Promise<void> {
  let found: number;
  try {
    found = await versionIn(connection, schema);
  } catch (error) {
    throw classifyFailure(error, {
      operation: 'checkSchema',
      target: connection.target,
      user: connection.user,
    });
  }
  checkVersion(schema, found);
}
