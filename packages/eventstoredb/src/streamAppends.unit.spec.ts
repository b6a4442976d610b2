import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidToMessage } from './grpcUuid.js';
import { type AppendOutcome, type Pending, settleAppend } from './streamAppends.js';
import { batchResponseOf } from './test-server/streamsService.js';
import { u64, uuid } from './test-support/storedEvents.spec-helper.js';

/** The outcome settleAppend gives the append waiting under `id` for `response`. */
function settled(
  id: string,
  response: ReturnType<typeof batchResponseOf>,
): { outcome?: AppendOutcome; error?: unknown } {
  const result: { outcome?: AppendOutcome; error?: unknown } = {};
  const pending = new Map<string, Pending>([
    [id, { resolve: (outcome) => (result.outcome = outcome), reject: (error) => (result.error = error) }],
  ]);
  settleAppend(pending, response);
  expect(pending.size).toBe(0);
  return result;
}

describe('settleAppend: the answers of a BatchAppend, as the server writes them', () => {
  it('gives each append its revision, or the revision it found instead of the one expected', () => {
    fc.assert(
      fc.property(
        uuid,
        fc.constantFrom<'string' | 'structured'>('string', 'structured'),
        u64,
        fc.option(u64),
        (id, form, revision, current) => {
          const written = settled(
            id,
            batchResponseOf(uuidToMessage(id, form), 'tally-org-a', 'any', {
              kind: 'success',
              currentRevision: revision,
              position: revision,
              written: 1,
            }),
          );
          expect(written.outcome).toEqual({ kind: 'written', nextExpectedRevision: revision });
          const wrong = settled(
            id,
            batchResponseOf(uuidToMessage(id, form), 'tally-org-a', 'no_stream', {
              kind: 'wrong-expected-version',
              currentRevision: current ?? undefined,
            }),
          );
          expect(wrong.outcome).toEqual({ kind: 'wrongExpectedRevision', actual: current ?? 'no_stream' });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses an append the server refused for another reason, naming it', () => {
    const id = '0b1d3c6e-5f8a-4f0e-9a52-7c4e2d9b8a61';
    const refused = settled(
      id,
      batchResponseOf(uuidToMessage(id, 'string'), 'tally-org-a', 'any', {
        kind: 'bad-request',
        message: 'an event id is not a UUID',
      }),
    );
    expect(refused.outcome).toBeUndefined();
    expect(String(refused.error)).toMatch(/refused the append \(BadRequest\): an event id is not a UUID/);
  });

  it('leaves an answer for no waiting append alone', () => {
    const pending = new Map<string, Pending>([['other', { resolve: () => {}, reject: () => {} }]]);
    const id = '0b1d3c6e-5f8a-4f0e-9a52-7c4e2d9b8a61';
    settleAppend(
      pending,
      batchResponseOf(uuidToMessage(id, 'string'), 's', 'any', { kind: 'bad-request', message: 'x' }),
    );
    expect([...pending.keys()]).toEqual(['other']);
  });
});
