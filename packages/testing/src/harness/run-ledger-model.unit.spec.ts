import { type EventStore, getInMemoryEventStore } from '@tally/ledger';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ledgerModelProperty, runLedgerModel } from './run-ledger-model.js';

/** A store that loses the last event of every append of two or more (a cascade). */
function droppingStore(): EventStore {
  const inner = getInMemoryEventStore();
  return {
    appendToStream: (stream, events, options) =>
      inner.appendToStream(stream, events.length > 1 ? events.slice(0, -1) : events, options),
    readStream: (stream, options) => inner.readStream(stream, options),
    close: () => inner.close(),
  };
}

describe('runLedgerModel', () => {
  it('agrees with the in-memory store', async () => {
    await runLedgerModel(() => getInMemoryEventStore(), { numRuns: 40 });
  });

  it('catches a store wrapper that drops an event, and shrinks to a short command list', async () => {
    const result = await fc.check(ledgerModelProperty(droppingStore), { numRuns: 100, seed: 1 });
    expect(result.failed).toBe(true);
    const message = String(result.errorInstance);
    expect(message).toMatch(/the store holds \d+ events, the model expects \d+/);
    const [, commands] = result.counterexample ?? [];
    expect([...(commands ?? [])].length).toBeLessThanOrEqual(4);
  });

  it('rejects through fc.assert with the counterexample', async () => {
    await expect(runLedgerModel(droppingStore, { numRuns: 100, seed: 1 })).rejects.toThrow(/Counterexample/);
  });
});
