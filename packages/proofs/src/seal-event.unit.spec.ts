import { createHash } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { canonicalJson, encodeEvent } from '@tally/domain';
import { arbEventLog } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { GENESIS_CHAIN, nextChain, SealedLineWriter, sealCanonical } from './seal.js';
import { sealEvent } from './seal-event.js';

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
  test.prop([arbEventLog({ months: 3 })], { numRuns: 20 })(
    'writes the canonical JSON of the event with its chain, as canonicalJson would',
    (log) => {
      let previous = GENESIS_CHAIN;
      for (const event of log.events) {
        const sealed = sealEvent(event, previous);
        expect(sealed.text).toBe(canonicalJson({ ...encodeEvent(event), chain: sealed.chain }));
        expect(sealed.canonical).toBe(canonicalJson(encodeEvent(event)));
        expect(sealed.chain).toBe(nextChain(previous, sealed.canonical));
        previous = sealed.chain;
      }
    },
  );
});

describe('SealedLineWriter', () => {
  // Canonical texts of any JSON object (characters of 1 to 4 bytes in UTF-8, the empty object),
  // some longer than the writer's first scratch buffer.
  const arbCanonical = fc
    .oneof(
      {
        weight: 8,
        arbitrary: fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })),
      },
      { weight: 1, arbitrary: fc.constant({}) },
      {
        weight: 1,
        arbitrary: fc
          .string({ unit: 'binary', minLength: 30_000, maxLength: 40_000 })
          .map((big) => ({ big })),
      },
    )
    .map((value) => canonicalJson(value));

  test.prop([fc.array(arbCanonical, { maxLength: 8 }), fc.nat(40)], { numRuns: 100 })(
    'writes the bytes of sealCanonical line after line, each with its LF, from any offset',
    (texts, offset) => {
      const writer = new SealedLineWriter();
      const out = Buffer.alloc(offset + texts.reduce((sum, text) => sum + SealedLineWriter.most(text), 0));
      let end = offset;
      let previous = GENESIS_CHAIN;
      let expected = '';
      for (const text of texts) {
        end = writer.write(text, out, end);
        const sealed = sealCanonical(text, previous);
        expected += `${sealed.text}\n`;
        previous = sealed.chain;
      }
      expect(out.subarray(offset, end).toString('utf8')).toBe(expected);
      expect(writer.head).toBe(previous);
    },
  );
});
