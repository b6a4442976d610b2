// The one line that refuses an input line: the same words as the quadratic regex it replaced, and
// linear in a problem that quotes a long run of white space.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { lineProblem } from './where.js';

const before = (problem: string) => problem.replace(/\s*\n\s*/g, ' ');
const spacey = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\t', '\r', 'é'), maxLength: 60 });

describe('lineProblem', () => {
  test.prop([spacey], { numRuns: 300 })('words a problem as the regex before it did', (problem) => {
    expect(lineProblem('f.jsonl', 3, 'e-1', problem)).toBe(`f.jsonl:3: e-1: ${before(problem)}`);
  });

  it('names no event as -, and puts a million spaces on the line as they are', () => {
    const problem = `x${' '.repeat(1_000_000)}y`;
    expect(lineProblem('f.jsonl', 1, undefined, problem)).toBe(`f.jsonl:1: -: ${problem}`);
  });
});
