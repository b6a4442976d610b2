// Re-exported from the ledger, where every adapter's are defined.
export {
  EventIdConflictError,
  InvalidStoredEventError,
  isEventIdConflictError,
  isInvalidStoredEventError,
} from '@tally/ledger';
export { type PgConnectionOptions, pgConnection } from './connection/pg-connection.js';
export { type PGliteDatabase, pgliteConnection } from './connection/pglite-connection.js';
export type { Row, SqlConnection, SqlQuery } from './connection/sql.js';
export {
  classifyFailure,
  isPostgresAuthenticationError,
  isPostgresConnectionLostError,
  isPostgresSchemaMissingError,
  isPostgresSchemaTooNewError,
  isPostgresStoreError,
  isPostgresUnavailableError,
  PostgresAuthenticationError,
  PostgresConnectionLostError,
  PostgresSchemaMissingError,
  PostgresSchemaTooNewError,
  PostgresStoreError,
  PostgresUnavailableError,
} from './errors.js';
export {
  DEFAULT_PAGE_SIZE,
  openSqlEventStore,
  type SqlEventStore,
  type SqlEventStoreOptions,
} from './event-store.js';
export { MAX_EVENTS_PER_APPEND } from './global-position.js';
export { openPGliteEventStore, openPostgresEventStore, type PostgresEventStoreOptions } from './open.js';
export { MIGRATIONS, migrate, SCHEMA_VERSION } from './schema.js';
