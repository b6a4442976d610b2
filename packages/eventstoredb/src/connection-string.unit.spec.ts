// A connection string the client cannot parse is refused without repeating any of it.
import { fc, test } from '@fast-check/vitest';
import { expect, it } from 'vitest';
import { getEventStoreDBEventStore, InvalidConnectionStringError } from './index.js';

// Any password, those that start like a port (`123abc`, `-0abc`) included.
const arbMistypedPassword = fc.stringMatching(/^[A-Za-z0-9!$%^&*()_=~-]{6,24}$/);

/** Mistyped strings whose password the client's own parser repeats or keeps. */
const mistyped = (password: string) => [
  `esdb://admin:${password}`, // no @host: read as host `admin`, port `password`
  `esdb://admin:${password}@`,
  `esdb://admin:${password}@db.example:x2113`,
  `esdb://admin:${password}@db.example:2113?tls=${password}`,
  `esdb+discover://admin:${password}@one:2113,two:port`,
  `kurrentdb://admin:${password}@db.example:2113`,
];

const refusal = (connectionString: string): InvalidConnectionStringError => {
  try {
    getEventStoreDBEventStore(connectionString);
  } catch (error) {
    if (error instanceof InvalidConnectionStringError) return error;
    throw error;
  }
  throw new Error(`accepted ${connectionString}`);
};

test.prop([arbMistypedPassword], { numRuns: 1000 })(
  'no part of a refused connection string reaches the error',
  (password) => {
    for (const connectionString of mistyped(password)) {
      const error = refusal(connectionString);
      expect(error.message).not.toContain(password);
      expect(JSON.stringify({ ...error, cause: error.cause })).not.toContain(password);
      expect(error.cause).toBeUndefined();
    }
  },
);

it('says where the client stopped and what it expected there', () => {
  const error = refusal('esdb://admin:s3cret');
  expect(error.message).toBe(
    'not a valid EventStoreDB connection string at character 14 (expected port number); the form is esdb://[user[:password]@]host[:port][?option=value&...]',
  );
  expect(error).toMatchObject({ code: 'InvalidConnectionString', position: 13, expected: 'port number' });
  expect(refusal('http://db.example:2113').message).toContain('(expected esdb:// or esdb+discover://)');
});

it('refuses a port the client would read only the leading digits of', () => {
  // Without the check the client takes `esdb://admin:123abc` as host admin, port 123.
  for (const [connectionString, position] of [
    ['esdb://admin:123abc', 13],
    ['esdb://admin:-0aaaaa', 13],
    ['esdb://one:2113,two:2113x?tls=false', 20],
    ['esdb://db.example:70000', 18],
    ['esdb://tally:pw@db.example:', 27],
  ] as const) {
    expect(refusal(connectionString)).toMatchObject({ position, expected: 'port number' });
  }
});

it('still accepts well-formed strings', async () => {
  for (const connectionString of [
    'esdb://admin:changeit@127.0.0.1:1?tls=false',
    'esdb://admin:a:b@c@db.example:65535',
    'esdb+discover://one:2113,two?tls=true',
    'esdb://db.example/?tls=false',
  ]) {
    const store = getEventStoreDBEventStore(connectionString);
    await store.close();
  }
});
