// The project's own property suite, run with the kit users import (@tally/testing): every
// reusable property against @tally/domain, the export chain against the CLI's own sealing, and
// the model-based harness against the in-memory store and the EventStoreDB adapter.
import { GENESIS_CHAIN as CLI_GENESIS, sealEvent } from '@tally/cli';
import type { TallyEvent } from '@tally/domain';
import { getEventStoreDBEventStore } from '@tally/eventstoredb';
import { startTestServer } from '@tally/eventstoredb/test-server';
import { getInMemoryEventStore } from '@tally/ledger';
import {
  arbEventLog,
  asKnownAtReproductionProperty,
  exportChainLines,
  exportVerifyDetectsChangeProperty,
  foldSplitAssociativityProperty,
  installmentsSumProperty,
  invoiceDeterminismProperty,
  overageNeverAboveTermPriceProperty,
  runLedgerModel,
} from '@tally/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const RUNS = { numRuns: 100 };

/** The CLI's export (`tally export`), line by line. */
const cliExportLines = (events: readonly TallyEvent[]): string[] => {
  let previous = CLI_GENESIS;
  return events.map((event) => {
    const sealed = sealEvent(event, previous);
    previous = sealed.chain;
    return sealed.text;
  });
};

describe('reusable properties over generated histories', () => {
  it('installments of a year sum to the annual price', () =>
    fc.assert(installmentsSumProperty(), { numRuns: 200 }));
  it('an overage never costs more than the full term price', () =>
    fc.assert(overageNeverAboveTermPriceProperty({ log: { maxEvents: 60 } }), RUNS));
  it('folding in two batches equals folding in one', () => fc.assert(foldSplitAssociativityProperty(), RUNS));
  it('the same events give the same invoice bytes', () => fc.assert(invoiceDeterminismProperty(), RUNS));
  it('as known at k is reproducible from the events recorded by k', () =>
    fc.assert(asKnownAtReproductionProperty(), RUNS));
  it('the CLI export chain detects any edit, drop, swap or duplication', () =>
    fc.assert(exportVerifyDetectsChangeProperty({ exportLines: cliExportLines }), RUNS));
  // (Both hash @tally/domain's canonicalJson; this checks the rest of the chain is the same.)
  it("the kit's export chain is byte for byte the CLI's", () =>
    fc.assert(
      fc.property(arbEventLog(), (log) => {
        expect(exportChainLines(log.events)).toEqual(cliExportLines(log.events));
      }),
      { numRuns: 50 },
    ));
});

describe('model-based ledger test', () => {
  it('the command handler over the in-memory store agrees with the reference model', async () => {
    await runLedgerModel(() => getInMemoryEventStore(), { numRuns: 50 });
  });

  it('and over the EventStoreDB adapter on the in-process gRPC test server', async () => {
    const server = await startTestServer({ batchAppend: true });
    try {
      await runLedgerModel(() => getEventStoreDBEventStore(server.connectionString), {
        numRuns: 5,
        maxCommands: 15,
      });
    } finally {
      await server.stop();
    }
  });
});
