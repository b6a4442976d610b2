// Identifiers and names: any non-empty string (ids are opaque to Tally; uuids are not required),
// as long as it is Unicode text (unicode-text.ts).
import { left, right } from 'fp-ts/lib/Either.js';
import { type Codec, primitive } from './combinators.js';
import { show } from './show.js';
import { unicodeTextProblem } from './unicode-text.js';

export const NonEmptyString: Codec<string> = primitive('a non-empty string', (input) => {
  if (typeof input !== 'string') return left(`expected a non-empty string, got ${show(input)}`);
  if (input.length === 0) return left('must not be empty');
  const problem = unicodeTextProblem(input);
  return problem === undefined ? right(input) : left(problem);
});

/** Free text (invoice line descriptions): any string, empty included. */
export const Text: Codec<string> = primitive('a string', (input) => {
  if (typeof input !== 'string') return left(`expected a string, got ${show(input)}`);
  const problem = unicodeTextProblem(input);
  return problem === undefined ? right(input) : left(problem);
});

export const Bool: Codec<boolean> = primitive('true or false', (input) =>
  typeof input === 'boolean' ? right(input) : left(`expected true or false, got ${show(input)}`),
);
