// A store's connection string is named in messages without its password, whatever its form.
import { fc, test } from '@fast-check/vitest';
import { expect, it } from 'vitest';
import { openEventStoreDB } from '../input/source.js';
import { sourceNameOf } from './with-source.js';

const arbPassword = fc.stringMatching(/^[A-Za-z0-9!$%^&*()_=~-]{6,24}$/);
// Any password, those that start like a port (`123abc`, `-0abc`) included.
const arbMistypedPassword = arbPassword;

test.prop([arbPassword])('no password of any store reaches a message', (password) => {
  const named = [
    sourceNameOf({ esdb: `esdb://admin:${password}@127.0.0.1:2113?tls=false` }),
    sourceNameOf({ esdb: `esdb+discover://admin:${password}@one:2113,two:2113?tls=true` }),
    sourceNameOf({ postgres: `postgres://tally:${password}@db.example:5432/ledger` }),
    sourceNameOf({ postgres: `host=db.example user=tally password=${password}` }),
  ];
  for (const name of named) expect(name).not.toContain(password);
  expect(named[0]).toBe('esdb://admin:***@127.0.0.1:2113?tls=false');
  expect(named[1]).toBe('esdb+discover://admin:***@one:2113,two:2113?tls=true');
  expect(named[2]).toBe('postgres://tally:***@db.example:5432/ledger');
  expect(named[3]).toBe('the PostgreSQL server');
});

it('names a store without credentials as it was given', () => {
  expect(sourceNameOf({ esdb: 'esdb://127.0.0.1:2113?tls=false' })).toBe('esdb://127.0.0.1:2113?tls=false');
  expect(sourceNameOf({ esdb: 'esdb+discover://one:2113,two:2113' })).toBe(
    'esdb+discover://one:2113,two:2113',
  );
  expect(sourceNameOf({ esdb: 'esdb://admin@one:2113' })).toBe('esdb://admin@one:2113');
  expect(sourceNameOf({ pglite: 'ledger-data' })).toBe('ledger-data');
  expect(sourceNameOf({ events: '-' })).toBe('stdin');
});

test.prop([arbMistypedPassword], { numRuns: 1000 })(
  'a mistyped connection string is a usage error that repeats none of it',
  async (password) => {
    // Without its @host the client reads `admin` as the host and the password as the port.
    const refused = await openEventStoreDB(`esdb://admin:${password}`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ exitCode: 2 });
    expect(String((refused as Error).message)).toMatch(/^--esdb: not a valid EventStoreDB connection string/);
    expect(String((refused as Error).message)).not.toContain(password);
  },
);
