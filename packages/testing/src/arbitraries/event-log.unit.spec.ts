import { fc, test } from '@fast-check/vitest';
import {
  addMonthsClamped,
  applyOrgEvent,
  decide,
  decodeEvent,
  decodeEventLine,
  initialOrgState,
  instantToEpochMs,
  monthlyDates,
  replayChecked,
  serializeEvent,
  type TallyEvent,
} from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { arbBillingDate, arbBillingMonth } from './billing-date.js';
import { arbCommand, arbCommands } from './commands.js';
import { arbEventLog, buildEventLog, type EventLogSpec } from './event-log.js';
import { arbInconsistentLog, arbWrongFieldEvent, INCONSISTENCY_KINDS } from './invalid.js';

const RUNS = { numRuns: 100 };
const ms = instantToEpochMs;

describe('arbEventLog', () => {
  test.prop([arbEventLog()], RUNS)(
    'every history passes replayChecked and decodes from its wire form',
    (log) => {
      expect(replayChecked(log.events)._tag).toBe('Right');
      expect(log.events[0]?.type).toBe('OrganizationRegistered');
      expect(log.events[1]?.type).toBe('SubscriptionStarted');
      const currency = log.currency;
      for (const event of log.events) {
        expect(decodeEventLine(serializeEvent(event), { currency })).toEqual({ _tag: 'Right', right: event });
      }
      expect(new Set(log.events.map((e) => e.eventId)).size).toBe(log.events.length);
    },
  );

  test.prop([arbEventLog()], RUNS)(
    're-running its commands through the decider gives exactly its events',
    (log) => {
      const state = initialOrgState();
      const replayed: TallyEvent[] = [];
      for (const command of log.commands) {
        const decision = decide(command, state);
        expect(decision._tag).toBe('Right');
        if (decision._tag === 'Left') return;
        for (const pending of decision.right) {
          const stored = log.events[replayed.length] as TallyEvent;
          const { eventId: _id, recordedAt: _rec, ...rest } = stored;
          expect(rest).toEqual(pending);
          applyOrgEvent(state, stored);
          replayed.push(stored);
        }
      }
      expect(replayed).toEqual(log.events);
    },
  );

  test.prop([arbEventLog({ maxEvents: 30, months: 6 })], RUNS)(
    'recordedAt >= occurredAt, never decreases in stream order, and steps stay inside the span',
    (log) => {
      let previous = Number.NEGATIVE_INFINITY;
      for (const event of log.events) {
        expect(ms(event.recordedAt)).toBeGreaterThanOrEqual(ms(event.occurredAt));
        expect(ms(event.recordedAt)).toBeGreaterThanOrEqual(previous);
        previous = ms(event.recordedAt);
      }
      expect(log.events.length).toBeLessThanOrEqual(30);
      expect(log.endDate).toBe(addMonthsClamped(log.startDate, 6));
      const latest = Math.max(...log.events.map((e) => ms(e.occurredAt)));
      expect(latest).toBeLessThanOrEqual(ms(`${log.endDate}T00:00:00Z`) + 14 * 3_600_000);
    },
  );

  test.prop(
    [
      arbEventLog({
        licensing: 'per-device-yearly',
        termYears: 2,
        currency: 'JPY',
        timeZone: 'Asia/Tokyo',
        maxDevices: 2,
      }),
    ],
    RUNS,
  )('honours the plan, zone, currency and size options', (log) => {
    const registered = log.events[0];
    const started = log.events[1];
    if (registered?.type !== 'OrganizationRegistered' || started?.type !== 'SubscriptionStarted') {
      throw new Error('log does not start with registration and subscription');
    }
    expect(registered.data.currency).toBe('JPY');
    expect(registered.data.timeZone).toBe('Asia/Tokyo');
    expect(started.data.plan).toMatchObject({ model: 'per-device', billing: 'yearly', termYears: 2 });
    const devices = new Set(
      log.events.flatMap((e) => (e.type === 'DeviceActivated' ? [e.data.deviceId] : [])),
    );
    expect(devices.size).toBeLessThanOrEqual(2);
  });

  it('reaches late recording, backdating, cascades, renewals and cancellations', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbEventLog(), (log) => {
        log.events.forEach((event, i) => {
          if (event.recordedAt !== event.occurredAt) seen.add('late');
          const before = log.events[i - 1];
          if (before !== undefined && ms(event.occurredAt) < ms(before.occurredAt)) seen.add('backdated');
          seen.add(event.type);
          if (event.type === 'ArchivePurged') seen.add(`purge ${event.data.reason}`);
        });
      }),
      { numRuns: 200, seed: 7 },
    );
    for (const expected of [
      'late',
      'backdated',
      'SubscriptionRenewed',
      'SubscriptionCanceled',
      'UserDeactivated',
      'LicenseCapSet',
      'DeviceReactivated',
      'purge deactivation',
      'purge canceled',
      'purge cold-storage-purge',
    ]) {
      expect(seen).toContain(expected);
    }
  });

  it('shrinks a failing property to a short history', () => {
    // A deliberately false claim: "no log ever deactivates a device".
    const result = fc.check(
      fc.property(arbEventLog(), (log) => !log.events.some((e) => e.type === 'DeviceDeactivated')),
      { numRuns: 200, seed: 3 },
    );
    expect(result.failed).toBe(true);
    const [counterexample] = result.counterexample ?? [];
    // Registration, subscription, one activation, one deactivation (plus a cold-storage purge at most).
    expect(counterexample?.events.length).toBeLessThanOrEqual(5);
  });

  it('refuses options it cannot honour, naming them', () => {
    expect(() => arbEventLog({ maxEvents: 1 })).toThrow(/maxEvents must be an integer >= 2, got 1/);
    expect(() => arbEventLog({ licensing: [] })).toThrow(/licensing/);
  });
});

describe('buildEventLog', () => {
  it('turns a hand-written spec into the history it describes', () => {
    const spec: EventLogSpec = {
      orgId: 'acme',
      licensing: 'per-device-monthly',
      termYears: 1,
      startDate: '2026-03-09',
      months: 3,
      timeZone: 'UTC',
      currency: 'USD',
      rounding: 'half-up',
      coldStorage: false,
      priceMinor: 1000,
      renewalPriceMinor: null,
      ordered: 0,
      maxDevicesPerUser: null,
      renewals: false,
      maxDevices: 6,
      maxUsers: 3,
      maxEvents: 40,
      steps: [
        { op: 'activate', pick: 1, advanceHours: 0, lagHours: 0, backdateHours: 0 },
        { op: 'archive', pick: 0, advanceHours: 2, lagHours: 5, backdateHours: 0 },
        { op: 'deactivate', pick: 0, advanceHours: 1, lagHours: 0, backdateHours: 0 },
        { op: 'reactivate', pick: 7, advanceHours: 1, lagHours: 0, backdateHours: 0 },
      ],
    };
    const log = buildEventLog(spec);
    expect(log.events.map((e) => [e.type, e.occurredAt, e.recordedAt, e.data])).toEqual([
      ['OrganizationRegistered', '2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z', expect.anything()],
      ['SubscriptionStarted', '2026-03-02T01:00:00Z', '2026-03-02T01:00:00Z', expect.anything()],
      ['DeviceActivated', '2026-03-02T02:00:00Z', '2026-03-02T02:00:00Z', { deviceId: 'd-1', userId: 'u-2' }],
      [
        'ArchiveCreated',
        '2026-03-02T04:00:00Z',
        '2026-03-02T09:00:00Z',
        { archiveId: 'a-1', deviceId: 'd-1' },
      ],
      ['DeviceDeactivated', '2026-03-02T05:00:00Z', '2026-03-02T09:00:00Z', { deviceId: 'd-1' }],
      [
        'ArchivePurged',
        '2026-03-02T05:00:00Z',
        '2026-03-02T09:00:00Z',
        { archiveId: 'a-1', reason: 'deactivation' },
      ],
      ['DeviceReactivated', '2026-03-02T06:00:00Z', '2026-03-02T09:00:00Z', { deviceId: 'd-1' }],
    ]);
    expect(log.events.map((e) => e.eventId)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `acme-e000${n}`));
    expect(buildEventLog(spec)).toEqual(log);
  });
});

describe('arbCommand and arbCommands', () => {
  test.prop([arbCommands()], RUNS)(
    'a sequence starts with the registration the decider accepts',
    (commands) => {
      expect(commands[0]?.type).toBe('RegisterOrganization');
      expect(decide(commands[0] as never, initialOrgState())._tag).toBe('Right');
      expect(commands.length).toBeGreaterThanOrEqual(11);
    },
  );

  test.prop(
    [arbEventLog().chain((log) => fc.tuple(fc.constant(log), arbCommand(replayState(log.events))))],
    RUNS,
  )(
    'from a state, ids come from that state (or are one fresh id) and the org is the state org',
    ([log, command]) => {
      expect(command.orgId).toBe(log.orgId);
      const state = replayState(log.events);
      if ('deviceId' in command.data) {
        const { deviceId } = command.data;
        const fresh = Number(deviceId.slice(2)) >= state.entities.devices.size;
        expect(state.entities.devices.find(deviceId) !== -1 || fresh).toBe(true);
      }
    },
  );

  it('from a state, most device commands are accepted (the pools fit the state)', () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(
        arbEventLog({ licensing: 'per-device-monthly', cancellation: false }).chain((log) =>
          fc.tuple(
            fc.constant(replayState(log.events)),
            fc.array(arbCommand(replayState(log.events)), { maxLength: 5 }),
          ),
        ),
        ([state, commands]) => {
          for (const command of commands) {
            total += 1;
            if (decide(command, state)._tag === 'Right') accepted += 1;
          }
        },
      ),
      { numRuns: 100, seed: 11 },
    );
    expect(accepted / total).toBeGreaterThan(0.25);
  });
});

function replayState(events: readonly TallyEvent[]) {
  const state = initialOrgState();
  for (const event of events) applyOrgEvent(state, event);
  return state;
}

describe('arbBillingDate', () => {
  test.prop([arbEventLog().chain((log) => fc.tuple(fc.constant(log), arbBillingMonth(log)))], RUNS)(
    'picks the k-th anchored monthly date of the subscription',
    ([log, { k, billingDate }]) => {
      const dates = monthlyDates(log.startDate, log.startDate, addMonthsClamped(log.startDate, 24));
      expect(dates[k]).toBe(billingDate);
    },
  );

  test.prop([arbBillingDate('2026-01-31', { maxMonths: 3 })])(
    'clamps to month end from the anchor',
    (date) => {
      expect(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']).toContain(date);
    },
  );
});

describe('arbWrongFieldEvent', () => {
  test.prop([arbWrongFieldEvent()], { numRuns: 200 })(
    'the decoder refuses it and names the field',
    (wrong) => {
      const result = decodeEvent(wrong.event);
      expect(result._tag).toBe('Left');
      if (result._tag === 'Left') expect(result.left.path).toBe(wrong.path);
    },
  );
});

describe('arbInconsistentLog', () => {
  test.prop([arbInconsistentLog()], { numRuns: 200 })(
    'replayChecked refuses the log at the stated index and field, and accepts the part before it',
    (bad) => {
      const result = replayChecked(bad.events);
      expect(result._tag).toBe('Left');
      if (result._tag === 'Right') return;
      expect({ index: result.left.index, field: result.left.field, eventId: result.left.eventId }).toEqual({
        index: bad.index,
        field: bad.field,
        eventId: bad.eventId,
      });
      expect(replayChecked(bad.events.slice(0, bad.index))._tag).toBe('Right');
    },
  );

  it('offers every kind it names', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbInconsistentLog(), (bad) => {
        seen.add(bad.kind);
      }),
      { numRuns: 1000, seed: 5 },
    );
    expect([...seen].sort()).toEqual([...INCONSISTENCY_KINDS].sort());
  });
});
