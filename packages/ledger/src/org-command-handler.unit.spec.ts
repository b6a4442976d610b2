// The organization command handler over the domain's decider, and the queries over its stream.
import type { Command, Instant, TallyEvent } from '@tally/domain';
import { countsAt } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { CommandRejectedError } from './command-errors.js';
import { getInMemoryEventStore } from './in-memory-store.js';
import { createCommandHandler } from './org-command-handler.js';
import { orgStreamName, StreamNotFoundError } from './port.js';
import { countsAtFromStore, loadOrgEvents } from './queries.js';

const ORG = 'acme';

const register: Command = {
  type: 'RegisterOrganization',
  orgId: ORG,
  at: '2026-01-01T00:00:00Z',
  data: {
    name: 'Acme',
    serialCode: 'SC-1',
    billingAccount: 'BA-1',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    coldStorage: true,
  },
};
const start: Command = {
  type: 'StartSubscription',
  orgId: ORG,
  at: '2026-01-01T00:00:00Z',
  data: {
    startDate: '2026-01-01',
    plan: { model: 'per-user', annualPricePerLicense: '120.00', initialLicenses: 2, maxDevicesPerUser: 1 },
  },
};
const activate = (deviceId: string, userId: string, at: Instant): Command => ({
  type: 'ActivateDevice',
  orgId: ORG,
  at,
  data: { deviceId, userId },
});

/** A clock that returns the given instants in turn. */
const clockOf = (...instants: Instant[]) => {
  let next = 0;
  return () => instants[Math.min(next++, instants.length - 1)] as Instant;
};

async function collect(events: AsyncIterable<TallyEvent>): Promise<TallyEvent[]> {
  const out: TallyEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('createCommandHandler (organizations)', () => {
  it('records a registration stamped by the clock and the id generator', async () => {
    const store = getInMemoryEventStore();
    const handler = createCommandHandler({
      store,
      clock: () => '2026-01-01T00:00:02Z',
      newEventId: () => 'evt-1',
    });
    const result = await handler.handle(register);
    expect(result).toEqual({
      nextExpectedRevision: 0n,
      events: [
        {
          type: 'OrganizationRegistered',
          eventId: 'evt-1',
          orgId: ORG,
          occurredAt: '2026-01-01T00:00:00Z',
          recordedAt: '2026-01-01T00:00:02Z',
          data: register.data,
        },
      ],
    });
  });

  it('rejects a command the rules refuse with the decider error, appending nothing', async () => {
    const store = getInMemoryEventStore();
    const handler = createCommandHandler({ store });
    const error = await handler
      .handle(activate('d-1', 'u-1', '2026-01-02T00:00:00Z'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandRejectedError);
    expect((error as CommandRejectedError).reason.code).toBe('OrganizationNotRegistered');
    await expect(collect(loadOrgEvents(store, ORG))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('applies the plan’s device limit to the cached state across commands', async () => {
    const store = getInMemoryEventStore();
    const handler = createCommandHandler({ store });
    await handler.handle(register);
    await handler.handle(start);
    await handler.handle(activate('d-1', 'u-1', '2026-01-02T00:00:00Z'));
    await expect(handler.handle(activate('d-2', 'u-1', '2026-01-03T00:00:00Z'))).rejects.toMatchObject({
      reason: { code: 'DeviceLimitReached', userId: 'u-1', limit: 1 },
    });
    // A second handler on the same store (another process) sees the same history.
    const other = createCommandHandler({ store });
    await expect(other.handle(activate('d-2', 'u-1', '2026-01-03T00:00:00Z'))).rejects.toMatchObject({
      reason: { code: 'DeviceLimitReached' },
    });
  });
});

describe('queries over a store', () => {
  const seeded = async () => {
    const store = getInMemoryEventStore({ pageSize: 2 });
    const handler = createCommandHandler({
      store,
      clock: clockOf(
        '2026-01-01T00:00:01Z',
        '2026-01-01T00:00:02Z',
        '2026-01-02T00:00:01Z',
        '2026-01-05T00:00:00Z',
        '2026-01-06T00:00:00Z',
      ),
    });
    const events: TallyEvent[] = [];
    for (const command of [
      register,
      start,
      activate('d-1', 'u-1', '2026-01-02T00:00:00Z'),
      // Recorded on Jan 5 but backdated to Jan 3.
      activate('d-2', 'u-2', '2026-01-03T00:00:00Z'),
      {
        type: 'RecordArchive',
        orgId: ORG,
        at: '2026-01-06T00:00:00Z',
        data: { archiveId: 'a-1', deviceId: 'd-1' },
      },
    ] satisfies Command[]) {
      events.push(...(await handler.handle(command)).events);
    }
    return { store, events };
  };

  it('loadOrgEvents streams the organization’s events in stream order', async () => {
    const { store, events } = await seeded();
    expect(await collect(loadOrgEvents(store, ORG))).toEqual(events);
    const revisions: bigint[] = [];
    for await (const record of store.readStream(orgStreamName(ORG))) revisions.push(record.revision);
    expect(revisions).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('countsAtFromStore gives what the in-memory fold gives on the same events', async () => {
    const { store, events } = await seeded();
    const instants = [
      '2026-01-02T12:00:00Z',
      '2026-01-01T00:00:00Z',
      '2026-01-04T00:00:00Z',
      '2026-01-07T00:00:00Z',
    ];
    const counts = await countsAtFromStore(store, ORG, instants);
    expect(counts).toEqual(countsAt(events, instants));
    expect(counts.map((c) => c.activeDevices)).toEqual([1, 0, 2, 2]);
    expect(counts.map((c) => c.licensesInUse)).toEqual([0, 0, 0, 1]);
  });

  it('countsAtFromStore as known at an instant leaves out what was recorded later', async () => {
    const { store, events } = await seeded();
    const instants = ['2026-01-04T00:00:00Z'];
    const asKnownAt = '2026-01-04T00:00:00Z';
    const counts = await countsAtFromStore(store, ORG, instants, { asKnownAt });
    expect(counts).toEqual(countsAt(events, instants, { asKnownAt }));
    // d-2 was activated on Jan 3 but recorded on Jan 5: not yet known on Jan 4.
    expect(counts[0]?.activeDevices).toBe(1);
  });

  it('countsAtFromStore on an organization with no events throws StreamNotFoundError', async () => {
    await expect(
      countsAtFromStore(getInMemoryEventStore(), 'nobody', ['2026-01-01T00:00:00Z']),
    ).rejects.toThrow(/stream tally-org-nobody does not exist/);
  });
});
