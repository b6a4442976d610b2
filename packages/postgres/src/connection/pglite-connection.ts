// A SqlConnection over PGlite: PostgreSQL compiled to WebAssembly, in this process, its data in a
// folder. It has one connection, so statements run one at a time.
import { PGlite } from '@electric-sql/pglite';
import type { Row, SqlConnection, SqlQuery } from './sql.js';

const ARRAYS = { rowMode: 'array' as const };

const queryOf =
  (db: Pick<PGlite, 'query'>) =>
  async (text: string, params?: readonly unknown[]): Promise<readonly Row[]> =>
    (await db.query<unknown[]>(text, params === undefined ? [] : [...params], ARRAYS)).rows;

/** PGlite on a data folder (created when missing), or a PGlite of yours (then `close()` leaves
 * it open). */
export async function pgliteConnection(source: string | PGlite): Promise<SqlConnection> {
  const owned = typeof source === 'string';
  const db = typeof source === 'string' ? await PGlite.create(source) : source;
  return {
    target: typeof source === 'string' ? source : (db.dataDir ?? 'PGlite in memory'),
    user: 'postgres',
    query: queryOf(db),
    transaction: <T>(work: (sql: SqlQuery) => Promise<T>): Promise<T> =>
      db.transaction((tx) => work({ query: queryOf(tx) })),
    close: async () => {
      if (owned) await db.close();
    },
  };
}
