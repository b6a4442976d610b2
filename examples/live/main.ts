// Live figures, end to end, in one process: commands through a handler that snapshots its state,
// a live projection following the store, a restart that resumes from the stored checkpoint, a
// new handler process that starts from the snapshot, and the dashboard's rows over HTTP.
// Run: npx tsx examples/live/main.ts

import { startDashboard } from '@tally/dashboard';
import type { Command } from '@tally/domain';
import {
  createCommandHandler,
  getInMemoryEventStore,
  liveStateStream,
  orgStateSnapshots,
  snapshotStreamName,
  startLiveProjection,
} from '@tally/ledger';

const now = () => '2026-03-20T12:00:00Z';
const at = '2026-03-01T09:00:00Z';
const store = getInMemoryEventStore();
const handler = createCommandHandler({ store, clock: now, snapshotEvery: 4 });

const setup: Command[] = [
  {
    type: 'RegisterOrganization',
    orgId: 'acme',
    at,
    data: {
      name: 'Acme',
      serialCode: 'SC-1',
      billingAccount: 'BA-1',
      timeZone: 'America/New_York',
      currency: 'USD',
      coldStorage: true,
    },
  },
  {
    type: 'StartSubscription',
    orgId: 'acme',
    at,
    data: {
      startDate: '2026-03-01',
      plan: {
        model: 'per-device',
        billing: 'yearly',
        termYears: 1,
        annualPricePerDevice: '120.00',
        devices: 2,
      },
    },
  },
  { type: 'ActivateDevice', orgId: 'acme', at, data: { deviceId: 'd-1', userId: 'u-1' } },
  { type: 'ActivateDevice', orgId: 'acme', at, data: { deviceId: 'd-2', userId: 'u-2' } },
];
for (const command of setup) await handler.handle(command);

const show = (label: string, projection: Awaited<ReturnType<typeof startLiveProjection>>) => {
  const { checkpoint, events, orgs } = projection.current();
  const acme = orgs.acme;
  if (acme === undefined) throw new Error('acme is not in the projection');
  const total = acme.nextInvoice === null ? 'none' : `${acme.nextInvoice.lines.length} line(s)`;
  console.log(
    `${label}: checkpoint ${checkpoint}, ${events} events; acme: ${acme.countsNow.billableDevices} billable, allocation ${acme.allocation} (left ${acme.allocationLeft}), next billing date ${acme.nextBillingDate} (tally ${acme.nextTallyAt}), next invoice ${total}`,
  );
};

const projection = await startLiveProjection({ store, clock: now });
await projection.caughtUp();
show('caught up', projection);

// A third device: the allocation of 2 is overrun, and the next monthly check will bill it.
const updated = new Promise<void>((resolve) => {
  const off = projection.onChange((snapshot) => {
    if (snapshot.orgs.acme?.countsNow.billableDevices === 3) {
      off();
      resolve();
    }
  });
});
await handler.handle({
  type: 'ActivateDevice',
  orgId: 'acme',
  at: '2026-03-15T10:00:00Z',
  data: { deviceId: 'd-3', userId: 'u-3' },
});
await updated;
show('live', projection);
const preview = projection.current().orgs.acme?.nextInvoice?.lines[0];
console.log(`next invoice line: ${preview?.description}, ${preview?.kind}`);
await projection.stop();
console.log(
  `state stored in ${liveStateStream('dashboard')}: ${(await store.readLastDocument?.(liveStateStream('dashboard')))?.type}`,
);

// A restart reads the stored state and resumes after its checkpoint.
await handler.handle({
  type: 'DeactivateDevice',
  orgId: 'acme',
  at: '2026-03-16T10:00:00Z',
  data: { deviceId: 'd-1' },
});
const restarted = await startLiveProjection({ store, clock: now });
await restarted.caughtUp();
show('restarted', restarted);

// A new command handler process starts from the latest snapshot of acme's state.
const snapshot = await orgStateSnapshots(store).load('acme');
console.log(`snapshot in ${snapshotStreamName('acme')} at revision ${snapshot?.revision}`);
const second = createCommandHandler({ store, clock: now, snapshotEvery: 4 });
const { nextExpectedRevision } = await second.handle({
  type: 'ReactivateDevice',
  orgId: 'acme',
  at: '2026-03-17T10:00:00Z',
  data: { deviceId: 'd-1' },
});
console.log(`new process appended at revision ${nextExpectedRevision}`);

// The dashboard's rows, as the page receives them.
await new Promise((resolve) => setTimeout(resolve, 50));
const dashboard = await startDashboard({ store, projection: restarted, clock: now });
const rows = (await (await fetch(new URL('orgs.json', dashboard.url))).json()) as Record<string, unknown>[];
console.log(`dashboard at ${dashboard.url.replace(/:\d+\//, ':PORT/')}`);
console.log(JSON.stringify(rows[0], null, 2));
await dashboard.close();
await restarted.stop();
await store.close();
