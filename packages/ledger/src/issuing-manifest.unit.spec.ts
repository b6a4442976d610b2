// The ledger is the issuer: every invoice it issues records what computed it (docs/billing.md#the-manifest).
import { ENGINE_VERSION, type InvoiceManifest, RULES_VERSION, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { ACME, acmeSetUp } from './acme-org.spec-helper.js';
import { billingRun } from './billing-run.js';
import { getInMemoryEventStore } from './in-memory-store.js';
import { createCommandHandler, hostInvoiceManifest } from './org-command-handler.js';
import { orgStreamName } from './port.js';

const ORG = ACME;
const setup = acmeSetUp;
const INJECTED: InvoiceManifest = { engineVersion: '0.0.1-test', rulesVersion: 'r0', tzdbVersion: '2024a' };
const AT = '2026-03-05T00:00:00Z';

async function storeWithOrg() {
  const store = getInMemoryEventStore();
  const handler = createCommandHandler({ store, clock: () => AT });
  for (const command of setup) await handler.handle(command);
  return store;
}

async function manifestsIn(store: ReturnType<typeof getInMemoryEventStore>) {
  const manifests: unknown[] = [];
  for await (const record of store.readStream(orgStreamName(ORG))) {
    const event: TallyEvent = record.event;
    if (event.type === 'InvoiceIssued') manifests.push(event.data.manifest);
  }
  return manifests;
}

describe('the manifest the ledger records', () => {
  it("is this engine's, these rules' and this host's tzdb by default", async () => {
    expect(hostInvoiceManifest()).toEqual({
      engineVersion: ENGINE_VERSION,
      rulesVersion: RULES_VERSION,
      tzdbVersion: process.versions.tz,
    });
    const store = await storeWithOrg();
    const handler = createCommandHandler({ store, clock: () => AT });
    await handler.handle({ type: 'IssueInvoice', orgId: ORG, at: AT, data: { billingDate: '2026-01-01' } });
    expect(await manifestsIn(store)).toEqual([hostInvoiceManifest()]);
  });

  it('is the one the handler is given, unless the command brings its own', async () => {
    const store = await storeWithOrg();
    const handler = createCommandHandler({ store, clock: () => AT, manifest: INJECTED });
    await handler.handle({ type: 'IssueInvoice', orgId: ORG, at: AT, data: { billingDate: '2026-01-01' } });
    const own = { ...INJECTED, tzdbVersion: '2023c' };
    await handler.handle({
      type: 'IssueInvoice',
      orgId: ORG,
      at: AT,
      data: { billingDate: '2026-02-01', manifest: own },
    });
    expect(await manifestsIn(store)).toEqual([INJECTED, own]);
  });

  it("is on every invoice of a billing run, the run's own handler given it", async () => {
    const store = await storeWithOrg();
    const result = await billingRun({ store, orgs: ORG, at: AT, clock: () => AT, manifest: INJECTED });
    expect(result.issued.map(({ event }) => event.data.number)).toEqual(['AC-1', 'AC-2', 'AC-3']);
    expect(await manifestsIn(store)).toEqual([INJECTED, INJECTED, INJECTED]);
  });
});
