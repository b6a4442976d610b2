// An invoice is issued as known at the command's instant, which may not be after the instant the
// handler records it at (docs/billing.md#issuing-invoices).

import { fc, test } from '@fast-check/vitest';
import { type Command, epochMsToInstant, instantToEpochMs, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { ACME, ACME_SET_UP_AT, acmeSetUp } from './acme-org.spec-helper.js';
import { billingRun } from './billing-run.js';
import { CommandRejectedError } from './command-errors.js';
import { getInMemoryEventStore } from './in-memory-store.js';
import { createCommandHandler } from './org-command-handler.js';
import { orgStreamName } from './port.js';

const ORG = ACME;
const SET_UP_AT = ACME_SET_UP_AT;
const setup = acmeSetUp;

async function storeWithOrg() {
  const store = getInMemoryEventStore();
  const handler = createCommandHandler({ store, clock: () => SET_UP_AT });
  for (const command of setup) await handler.handle(command);
  return store;
}

async function typesIn(store: ReturnType<typeof getInMemoryEventStore>): Promise<string[]> {
  const types: string[] = [];
  for await (const record of store.readStream(orgStreamName(ORG)))
    types.push((record.event as TallyEvent).type);
  return types;
}

const issue = (at: string): Command => ({
  type: 'IssueInvoice',
  orgId: ORG,
  at,
  data: { billingDate: '2026-02-01' },
});
const FROM_MS = instantToEpochMs('2026-02-01T00:00:00Z');
const arbMs = fc.integer({ min: FROM_MS, max: FROM_MS + 90 * 86_400_000 });

describe('the instant an invoice is issued at', () => {
  test.prop([arbMs, arbMs], { numRuns: 40 })(
    'is refused after the clock, with nothing appended, and accepted at or before it',
    async (atMs, clockMs) => {
      const store = await storeWithOrg();
      const handler = createCommandHandler({ store, clock: () => epochMsToInstant(clockMs) });
      const handled = handler.handle(issue(epochMsToInstant(atMs)));
      if (atMs > clockMs) {
        await expect(handled).rejects.toThrow(CommandRejectedError);
        await expect(handled).rejects.toMatchObject({ reason: { code: 'InvoiceIssuedAhead' } });
        expect(await typesIn(store)).toEqual(['OrganizationRegistered', 'SubscriptionStarted']);
      } else {
        await handled;
        expect((await typesIn(store)).at(-1)).toBe('InvoiceIssued');
      }
    },
  );

  it('names both instants', async () => {
    const store = await storeWithOrg();
    const handler = createCommandHandler({ store, clock: () => '2026-02-10T00:00:00Z' });
    await expect(handler.handle(issue('2026-02-11T00:00:00Z'))).rejects.toThrow(
      'IssueInvoice for organization acme rejected (InvoiceIssuedAhead): an invoice as known at 2026-02-11T00:00:00Z cannot be recorded at 2026-02-10T00:00:00Z, before it',
    );
  });

  it('holds for a billing run on a handler of its own: the org is a failure, nothing issued', async () => {
    const store = await storeWithOrg();
    const handler = createCommandHandler({ store, clock: () => '2026-02-10T00:00:00Z' });
    const run = await billingRun({ store, orgs: 'all', at: '2026-02-11T00:00:00Z', handler });
    expect(run.issued).toEqual([]);
    expect(run.failures).toMatchObject([{ orgId: ORG, code: 'InvoiceIssuedAhead' }]);
  });

  it('does not bind other commands, whose occurredAt may be after their recordedAt', async () => {
    const store = await storeWithOrg();
    const handler = createCommandHandler({ store, clock: () => '2026-02-10T00:00:00Z' });
    await handler.handle({
      type: 'ActivateDevice',
      orgId: ORG,
      at: '2026-02-11T00:00:00Z',
      data: { deviceId: 'd-1', userId: 'u-1' },
    });
    expect((await typesIn(store)).at(-1)).toBe('DeviceActivated');
  });
});
