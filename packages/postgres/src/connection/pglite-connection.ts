// A SqlConnection over PGlite: PostgreSQL compiled to WebAssembly, in this process, its data in a
// folder. It has one connection, so statements run one at a time.
import { PGlite } from '@electric-sql/pglite';
import type { Row, SqlConnection, SqlQuery } from './sql.js';

const ARRAYS = { rowMode: 'array' as const };

/** What the store uses of a PGlite instance, written out so that this package's types do not
 * import PGlite's (they need @types/emscripten, which PGlite does not depend on: a consumer
 * with type checking of libraries would fail to compile). A PGlite is one. */
export interface PGliteDatabase {
  readonly dataDir?: string | undefined;
  query<T>(
    text: string,
    params?: unknown[],
    options?: { rowMode?: 'array' | 'object' },
  ): Promise<{ readonly rows: T[]; readonly blob?: Blob | undefined }>;
  transaction<T>(work: (tx: Pick<PGliteDatabase, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const queryOf =
  (db: Pick<PGliteDatabase, 'query'>) =>
  async (text: string, params?: readonly unknown[]): Promise<readonly Row[]> =>
    (await db.query<unknown[]>(text, params === undefined ? [] : [...params], ARRAYS)).rows;

/** PGlite on a data folder (created when missing), or a PGlite of yours (then `close()` leaves
 * it open). */
export async function pgliteConnection(source: string | PGliteDatabase): Promise<SqlConnection> {
  const owned = typeof source === 'string';
  const db: PGliteDatabase = typeof source === 'string' ? await PGlite.create(source) : source;
  return {
    target: typeof source === 'string' ? source : (db.dataDir ?? 'PGlite in memory'),
    user: 'postgres',
    query: queryOf(db),
    transaction: <T>(work: (sql: SqlQuery) => Promise<T>): Promise<T> =>
      db.transaction((tx) => work({ query: queryOf(tx) })),
    async copyBinary(select: string): Promise<Uint8Array> {
      // PGlite writes a COPY to its virtual file /dev/blob and returns the file as a Blob.
      const { blob } = await db.query(`COPY (${select}) TO '/dev/blob' (FORMAT binary)`);
      if (blob === undefined) throw new Error('PGlite returned no blob for COPY TO /dev/blob');
      return new Uint8Array(await blob.arrayBuffer());
    },
    close: async () => {
      if (owned) await db.close();
    },
  };
}
