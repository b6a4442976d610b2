// Identifiers and names: any non-empty string (ids are opaque to Tally; uuids are not required).
import { left, right } from 'fp-ts/lib/Either.js';
import { type Codec, primitive } from './combinators.js';
import { show } from './show.js';

export const NonEmptyString: Codec<string> = primitive('a non-empty string', (input) => {
  if (typeof input !== 'string') return left(`expected a non-empty string, got ${show(input)}`);
  return input.length === 0 ? left('must not be empty') : right(input);
});

/** Free text (invoice line descriptions): any string, empty included. */
export const Text: Codec<string> = primitive('a string', (input) =>
  typeof input === 'string' ? right(input) : left(`expected a string, got ${show(input)}`),
);

export const Bool: Codec<boolean> = primitive('true or false', (input) =>
  typeof input === 'boolean' ? right(input) : left(`expected true or false, got ${show(input)}`),
);
