import { createRequire } from 'node:module';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { eventIdToUuid, isUuid, TALLY_EVENT_ID_NAMESPACE, uuidV5 } from './eventIdUuid.js';

// An independent implementation to compare with: the `uuid` package the client itself depends on.
const fromHere = createRequire(import.meta.url);
const fromClient = createRequire(fromHere.resolve('@eventstore/db-client/package.json'));
const reference = fromClient('uuid') as { v5(name: string, namespace: string): string };

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('gives the well-known UUID of www.example.com in the DNS namespace', () => {
    expect(uuidV5(DNS_NAMESPACE, 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  test.prop([fc.string({ unit: 'grapheme', maxLength: 60 })], { numRuns: 200 })(
    'agrees with the uuid package for any name',
    (name) => {
      expect(uuidV5(TALLY_EVENT_ID_NAMESPACE, name)).toBe(reference.v5(name, TALLY_EVENT_ID_NAMESPACE));
    },
  );

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('tally', 'x')).toThrow(/namespace "tally" is not a UUID/);
  });
});

describe('eventIdToUuid', () => {
  test.prop([fc.uuid()], { numRuns: 100 })('keeps a UUID, in lower case', (uuid) => {
    expect(eventIdToUuid(uuid.toUpperCase())).toBe(uuid.toLowerCase());
  });

  test.prop([fc.string({ minLength: 1, maxLength: 40 }).filter((id) => !isUuid(id))], { numRuns: 200 })(
    'maps any other eventId to the same version-5 UUID every time',
    (eventId) => {
      const mapped = eventIdToUuid(eventId);
      expect(mapped).toBe(eventIdToUuid(eventId));
      expect(mapped).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    },
  );

  test.prop(
    [
      fc.uniqueArray(
        fc.string({ maxLength: 20 }).filter((id) => !isUuid(id)),
        { minLength: 2, maxLength: 50 },
      ),
    ],
    { numRuns: 100 },
  )('maps distinct eventIds to distinct UUIDs', (eventIds) => {
    expect(new Set(eventIds.map(eventIdToUuid)).size).toBe(eventIds.length);
  });
});
