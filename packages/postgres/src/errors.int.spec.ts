// The errors a user can act on, each brought about on a real server: a server that is not there,
// a wrong password, tables missing or newer than this code, a connection lost mid-append; and
// the store's own refusals (an eventId reused for another event, a stored event that is not one).
import { randomBytes } from 'node:crypto';
import { EventIdConflictError, InvalidStoredEventError, orgStreamName } from '@tally/ledger';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll, rejectionOf, sampleEvents } from '../../testing/src/contract/index.js';
import {
  PostgresAuthenticationError,
  PostgresConnectionLostError,
  PostgresSchemaMissingError,
  PostgresSchemaTooNewError,
  PostgresUnavailableError,
} from './errors.js';
import { openPostgresEventStore } from './open.js';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from './schema.js';
import { holdTransaction } from './test-support/held-transaction.spec-helper.js';
import { freePort, startTestPostgres, type TestPostgres } from './test-support/server.spec-helper.js';

let server: TestPostgres;
let admin: pg.Pool;
beforeAll(async () => {
  server = await startTestPostgres();
  admin = new pg.Pool({ connectionString: server.url });
  admin.on('error', () => {});
});
afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

const freshSchema = () => `tally_${randomBytes(5).toString('hex')}`;

describe('opening the store', () => {
  it('on a server that is not running: PostgresUnavailableError naming host and port', async () => {
    const port = await freePort();
    const error = await rejectionOf(openPostgresEventStore(`postgres://tally:x@127.0.0.1:${port}/tally`));
    expect(error).toBeInstanceOf(PostgresUnavailableError);
    expect((error as PostgresUnavailableError).code).toBe('PostgresUnavailable');
    expect((error as Error).message).toContain(`127.0.0.1:${port}/tally`);
    expect((error as Error).message).toMatch(/is the server running/);
  });

  it('with a wrong password: PostgresAuthenticationError naming the user, never the password', async () => {
    const error = await rejectionOf(openPostgresEventStore(server.withPassword('not-the-password')));
    expect(error).toBeInstanceOf(PostgresAuthenticationError);
    expect((error as PostgresAuthenticationError).user).toBe('tally');
    expect((error as Error).message).not.toContain('not-the-password');
  });

  it('with migrate: false on a database without the tables: PostgresSchemaMissingError', async () => {
    const schema = freshSchema();
    const error = await rejectionOf(openPostgresEventStore(server.url, { schema, migrate: false }));
    expect(error).toBeInstanceOf(PostgresSchemaMissingError);
    expect(error).toMatchObject({ schema, found: 0, required: SCHEMA_VERSION });
    expect((error as Error).message).toMatch(/migrate: true/);
    // Then migrating makes the same open work.
    const store = await openPostgresEventStore(server.url, { schema });
    await store.close();
    const checked = await openPostgresEventStore(server.url, { schema, migrate: false });
    await checked.close();
  });

  it.each([true, false])(
    'on tables newer than this code (migrate: %s): PostgresSchemaTooNewError',
    async (migrates) => {
      const schema = freshSchema();
      await (await openPostgresEventStore(server.url, { schema })).close();
      await admin.query(`INSERT INTO "${schema}".tally_schema_version VALUES ($1, 'from the future')`, [
        SCHEMA_VERSION + 1,
      ]);
      const error = await rejectionOf(openPostgresEventStore(server.url, { schema, migrate: migrates }));
      expect(error).toBeInstanceOf(PostgresSchemaTooNewError);
      expect(error).toMatchObject({ schema, found: SCHEMA_VERSION + 1, known: SCHEMA_VERSION });
      expect((error as Error).message).toMatch(/upgrade @tally\/postgres/);
    },
  );

  it('migrates once: again is a no-op, and processes opening at once all succeed', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(
      Array.from({ length: 6 }, () => openPostgresEventStore(server.url, { schema })),
    );
    await Promise.all(stores.map((store) => store.close()));
    const rows = (await admin.query(`SELECT version FROM "${schema}".tally_schema_version ORDER BY version`))
      .rows;
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
    const connection = (await import('./connection/pg-connection.js')).pgConnection(server.url);
    expect(await migrate(connection, schema)).toEqual([]);
    await connection.close();
  });
});

describe('appending', () => {
  it('a connection lost mid-append: PostgresConnectionLostError, nothing written, the retry writes it once', async () => {
    const store = await openPostgresEventStore(server.url, { maxConnections: 1 });
    const streamName = orgStreamName(`lost-${randomBytes(4).toString('hex')}`);
    const batch = sampleEvents('lost', 50);
    // Another append holds revision 0 of the stream uncommitted, so this one's INSERT waits on
    // it, in flight, while its connection is cut.
    const holder = await holdTransaction(server.url);
    await holder.store.appendToStream(streamName, sampleEvents('lost', 1), { expectedRevision: 'no_stream' });
    const outcome = rejectionOf(store.appendToStream(streamName, batch, { expectedRevision: 'any' }));
    await waitFor(async () => (await blockedBackends()).length === 1);
    const [pid] = await blockedBackends();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    const error = await outcome;
    expect(error).toBeInstanceOf(PostgresConnectionLostError);
    expect(error).toMatchObject({ streamName, operation: 'appendToStream' });
    expect((error as Error).message).toMatch(/retry/);
    await holder.rollback();
    await expect(readAll(store, streamName)).rejects.toMatchObject({ code: 'StreamNotFound' });
    const result = await store.appendToStream(streamName, batch, { expectedRevision: 'any' });
    expect(result.nextExpectedRevision).toBe(49n);
    expect((await readAll(store, streamName)).map((record) => record.event)).toEqual(batch);
    await store.close();
  });

  it('an eventId the stream holds, with other content: EventIdConflictError naming the id; nothing written', async () => {
    const store = await openPostgresEventStore(server.url);
    const streamName = orgStreamName(`conflict-${randomBytes(4).toString('hex')}`);
    const events = sampleEvents('conflict', 3);
    await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
    const changed = events.map((event, i) =>
      i === 1 ? { ...event, data: { ...event.data, deviceId: 'another-device' } } : event,
    );
    const error = await rejectionOf(
      store.appendToStream(streamName, changed, { expectedRevision: 'no_stream' }),
    );
    expect(error).toBeInstanceOf(EventIdConflictError);
    expect(error).toMatchObject({ streamName, eventId: events[1]?.eventId, revision: 1n });
    expect((await readAll(store, streamName)).map((record) => record.event)).toEqual(events);
    // The same events again are still a no-op.
    expect(await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' })).toEqual({
      nextExpectedRevision: 2n,
    });
    await store.close();
  });
});

describe('reading', () => {
  it('a stored payload that is not a Tally event: InvalidStoredEventError naming stream and revision', async () => {
    const store = await openPostgresEventStore(server.url);
    const streamName = orgStreamName(`corrupt-${randomBytes(4).toString('hex')}`);
    await store.appendToStream(streamName, sampleEvents('corrupt', 3), { expectedRevision: 'no_stream' });
    await admin.query(
      `UPDATE tally_events SET payload = replace(payload, '"deviceId"', '"device"') WHERE stream_name = $1 AND revision = 2`,
      [streamName],
    );
    const error = await rejectionOf(readAll(store, streamName));
    expect(error).toBeInstanceOf(InvalidStoredEventError);
    expect(error).toMatchObject({ streamName, revision: 2n });
    expect((error as Error).message).toMatch(/deviceId/);
    await store.close();
  });

  it('a payload that does not decode on a later page, read either way: named by its own revision', async () => {
    // Pages of 2: revision 3 is the second line of the second page forwards, the first backwards.
    const store = await openPostgresEventStore(server.url, { pageSize: 2 });
    const streamName = orgStreamName(`corrupt-${randomBytes(4).toString('hex')}`);
    await store.appendToStream(streamName, sampleEvents('corrupt', 5), { expectedRevision: 'no_stream' });
    await admin.query(
      `UPDATE tally_events SET payload = replace(payload, '"deviceId"', '"device"') WHERE stream_name = $1 AND revision = 3`,
      [streamName],
    );
    for (const direction of ['forwards', 'backwards'] as const) {
      const error = await rejectionOf(readAll(store, streamName, { direction }));
      expect(error).toBeInstanceOf(InvalidStoredEventError);
      expect(error).toMatchObject({ streamName, revision: 3n });
    }
    await store.close();
  });

  it('a payload with a line break of its own (valid JSON, never written by the store): refused by revision', async () => {
    const store = await openPostgresEventStore(server.url);
    const streamName = orgStreamName(`corrupt-${randomBytes(4).toString('hex')}`);
    const events = sampleEvents('corrupt', 3);
    await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
    // A line break between two tokens: JSON.parse would take it, the page's lines would not.
    await admin.query(
      `UPDATE tally_events SET payload = replace(payload, ',"orgId"', E',\n"orgId"') WHERE stream_name = $1 AND revision = 1`,
      [streamName],
    );
    const error = await rejectionOf(readAll(store, streamName));
    expect(error).toBeInstanceOf(InvalidStoredEventError);
    expect(error).toMatchObject({ streamName, revision: 1n });
    expect((error as Error).message).toMatch(/line break/);
    await store.close();
  });
});

/** Server processes of this database waiting on a lock: the append held up by the holder. */
async function blockedBackends(): Promise<number[]> {
  const { rows } = await admin.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows.map((row) => row.pid as number);
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
