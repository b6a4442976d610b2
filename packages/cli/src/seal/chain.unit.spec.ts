import { createHash } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { encodeEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../fixtures/sample-log.spec-helper.js';
import { canonicalJson, GENESIS_CHAIN, nextChain, sealEvent } from './chain.js';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
  });
  it('writes non-ASCII characters as they are', () => {
    expect(canonicalJson({ d: '4 devices × 10.00' })).toBe('{"d":"4 devices × 10.00"}');
  });
});

describe('nextChain', () => {
  it('is hex SHA-256 of the previous chain followed by the canonical event', () => {
    const expected = createHash('sha256')
      .update(`${'0'.repeat(64)}{"a":1}`)
      .digest('hex');
    expect(nextChain(GENESIS_CHAIN, '{"a":1}')).toBe(expected);
  });

  test.prop([fc.string(), fc.string()], { numRuns: 100 })('depends on the previous chain', (a, b) => {
    const first = nextChain(GENESIS_CHAIN, a);
    expect(nextChain(first, b)).not.toBe(nextChain(GENESIS_CHAIN, b));
    expect(first).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('sealEvent', () => {
  it('writes the canonical JSON of the event with its chain, as canonicalJson would', () => {
    let previous = GENESIS_CHAIN;
    for (const event of sampleEvents()) {
      const sealed = sealEvent(event, previous);
      expect(sealed.text).toBe(canonicalJson({ ...encodeEvent(event), chain: sealed.chain }));
      expect(sealed.chain).toBe(nextChain(previous, canonicalJson(encodeEvent(event))));
      previous = sealed.chain;
    }
  });
});
