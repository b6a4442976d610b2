// Writes history.jsonl: a year of a university department's backup licensing (per-user, the
// Stanford model), as the ledger would have recorded it. It holds a backdated correction (a
// device used since May but recorded only after the May tally) and one InvoiceIssued, computed
// here with the domain, so that `tally verify` can reproduce it from the log.
//
//   npx tsx examples/auditor/make-history.ts > examples/auditor/history.jsonl
import {
  type Instant,
  invoiceAt,
  serializeEvent,
  type TallyEvent,
  toInvoiceJson,
  upcastInvoiceV1,
} from '@tally/domain';

const orgId = 'chemistry';
const events: TallyEvent[] = [];
let sequence = 0;

/** Appends an event as the ledger would: a fresh id, recorded when it happened unless a later
 * `recordedAt` says the ledger learned of it afterwards. */
function record(
  occurredAt: Instant,
  body: Pick<TallyEvent, 'type' | 'data'>,
  recordedAt: Instant = occurredAt,
) {
  sequence += 1;
  events.push({
    ...body,
    eventId: `${orgId}-${String(sequence).padStart(4, '0')}`,
    orgId,
    occurredAt,
    recordedAt,
  } as TallyEvent);
}

function laptopWithBackup(at: Instant, backupAt: Instant, user: number) {
  record(at, { type: 'DeviceActivated', data: { deviceId: `chem-laptop-${user}`, userId: `user-${user}` } });
  record(backupAt, {
    type: 'ArchiveCreated',
    data: { archiveId: `chem-archive-${user}`, deviceId: `chem-laptop-${user}` },
  });
}

/** A cancelled account, as decide writes it: the user, each device and each archive, at once. */
function cancel(at: Instant, user: number) {
  record(at, { type: 'UserDeactivated', data: { userId: `user-${user}`, reason: 'canceled' } });
  record(at, { type: 'DeviceDeactivated', data: { deviceId: `chem-laptop-${user}` } });
  record(at, { type: 'ArchivePurged', data: { archiveId: `chem-archive-${user}`, reason: 'canceled' } });
}

record('2026-01-05T17:00:00Z', {
  type: 'OrganizationRegistered',
  data: {
    name: 'Department of Chemistry',
    serialCode: 'CHEM-2026',
    billingAccount: 'PTA 7654321-1-CHEM',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    coldStorage: true,
  },
});
record('2026-01-05T17:05:00Z', {
  type: 'SubscriptionStarted',
  data: {
    startDate: '2026-01-15',
    plan: { model: 'per-user', annualPricePerLicense: '120.00', initialLicenses: 10 },
  },
});
// January: twelve faculty and staff back up their laptops.
for (let user = 1; user <= 12; user += 1) {
  const day = String(6 + user).padStart(2, '0');
  laptopWithBackup(`2026-01-${day}T18:00:00Z`, `2026-01-${day}T20:00:00Z`, user);
}
// March: three postdocs arrive; user 15 never backs up, so holds no license.
laptopWithBackup('2026-03-02T18:00:00Z', '2026-03-02T22:00:00Z', 13);
laptopWithBackup('2026-03-03T18:00:00Z', '2026-03-04T01:00:00Z', 14);
record('2026-03-05T18:00:00Z', {
  type: 'DeviceActivated',
  data: { deviceId: 'chem-laptop-15', userId: 'user-15' },
});
// The backdated correction: user 16's laptop was set up and backed up before the May 15 tally,
// but the ledger only learned of it on May 20.
record(
  '2026-05-08T18:00:00Z',
  { type: 'DeviceActivated', data: { deviceId: 'chem-laptop-16', userId: 'user-16' } },
  '2026-05-20T16:00:00Z',
);
record(
  '2026-05-08T21:00:00Z',
  { type: 'ArchiveCreated', data: { archiveId: 'chem-archive-16', deviceId: 'chem-laptop-16' } },
  '2026-05-20T16:00:00Z',
);
// June: two graduates leave and their accounts are cancelled.
cancel('2026-06-30T20:00:00Z', 2);
cancel('2026-06-30T20:00:00Z', 3);
// August: a laptop is retired; its archive stays in cold storage (billed) until it is purged.
record('2026-08-03T18:00:00Z', { type: 'DeviceDeactivated', data: { deviceId: 'chem-laptop-7' } });
// September: four new students.
for (let user = 17; user <= 20; user += 1) {
  laptopWithBackup(
    `2026-09-${String(user - 8).padStart(2, '0')}T18:00:00Z`,
    `2026-09-${String(user - 8).padStart(2, '0')}T21:00:00Z`,
    user,
  );
}

// The September invoice, issued the day before its billing date from the log as known then.
const issuedAt = '2026-09-14T16:00:00Z';
const september = invoiceAt(events, { orgId, billingDate: '2026-09-15', asKnownAt: issuedAt });
if (september._tag === 'Left') throw new Error(september.left.message);
record(issuedAt, { type: 'InvoiceIssued', data: upcastInvoiceV1(toInvoiceJson(september.right)) });

record('2026-10-20T18:00:00Z', {
  type: 'ArchivePurged',
  data: { archiveId: 'chem-archive-7', reason: 'cold-storage-purge' },
});
// December: the department renews for a second year at a new price.
record('2026-12-01T18:00:00Z', {
  type: 'SubscriptionRenewed',
  data: { termStart: '2027-01-15', annualPricePerLicense: '132.00' },
});

process.stdout.write(events.map((event) => `${serializeEvent(event)}\n`).join(''));
