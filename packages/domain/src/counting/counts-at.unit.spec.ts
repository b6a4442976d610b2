import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InconsistentEventError } from '../entities/inconsistent-event.js';
import type { TallyEvent } from '../events/types.js';
import {
  asKnownAtArbitrary,
  event,
  firstInconsistent,
  historyArbitrary,
  instantsArbitrary,
  minute,
  naiveCountAt,
} from './counting.spec-helper.js';
import { countAt, countsAt } from './counts-at.js';
import { createSnapshotCounter } from './snapshot-counter.js';

const device = (deviceId: string, userId: string, at: string, recordedAt = at) =>
  event('DeviceActivated', { deviceId, userId }, at, recordedAt);

describe('countsAt against the naive reference (filter, stable sort, replay per instant)', () => {
  test.prop([historyArbitrary(), instantsArbitrary, asKnownAtArbitrary], { numRuns: 200 })(
    'equals a separate reference fold per instant, backdated events and asKnownAt included',
    (events, instants, asKnownAt) => {
      const options = asKnownAt === undefined ? {} : { asKnownAt };
      const expected = instants.map((at) => naiveCountAt(events, at, asKnownAt));
      expect(countsAt(events, instants, options)).toEqual(expected);
    },
  );

  test.prop([historyArbitrary({ maxSteps: 150 }), instantsArbitrary], { numRuns: 60 })(
    'holds on longer histories too',
    (events, instants) => {
      expect(countsAt(events, instants)).toEqual(instants.map((at) => naiveCountAt(events, at)));
    },
  );

  test.prop([historyArbitrary(), instantsArbitrary, asKnownAtArbitrary], { numRuns: 150 })(
    'gives counts that are never negative, licensesInUse <= licenseHolders, billable >= active',
    (events, instants, asKnownAt) => {
      for (const counts of countsAt(events, instants, asKnownAt === undefined ? {} : { asKnownAt })) {
        expect(counts.activeDevices).toBeGreaterThanOrEqual(0);
        expect(counts.licensesInUse).toBeGreaterThanOrEqual(0);
        expect(counts.licensesInUse).toBeLessThanOrEqual(counts.licenseHolders);
        expect(counts.billableDevices).toBeGreaterThanOrEqual(counts.activeDevices);
      }
    },
  );

  test.prop([historyArbitrary(), instantsArbitrary], { numRuns: 100 })(
    'does not change its inputs',
    (events, instants) => {
      const eventsBefore = structuredClone(events);
      const instantsBefore = [...instants];
      countsAt(events, instants);
      expect(events).toEqual(eventsBefore);
      expect(instants).toEqual(instantsBefore);
    },
  );

  test.prop([historyArbitrary(), instantsArbitrary], { numRuns: 100 })(
    'accepts a one-shot iterable (a generator) as well as an array',
    (events, instants) => {
      function* stream(): Generator<TallyEvent> {
        yield* events;
      }
      expect(countsAt(stream(), instants)).toEqual(countsAt(events, instants));
    },
  );
});

describe('a count never skips an event', () => {
  test.prop([historyArbitrary({ sloppy: true }), instantsArbitrary], { numRuns: 200 })(
    'refuses a history at the first event that breaks a timeline in occurredAt order, and only then',
    (events, instants) => {
      const first = firstInconsistent(events);
      if (first === -1) {
        expect(countsAt(events, instants)).toEqual(instants.map((at) => naiveCountAt(events, at)));
        return;
      }
      const refused = (() => {
        try {
          countsAt(events, instants);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(refused).toBeInstanceOf(InconsistentEventError);
      expect(refused).toMatchObject({ index: first, eventId: (events[first] as TallyEvent).eventId });
    },
  );
});

describe('createSnapshotCounter', () => {
  test.prop([historyArbitrary(), fc.nat(), instantsArbitrary, asKnownAtArbitrary], {
    numRuns: 150,
  })(
    'streams to the same counts as countsAt, and result() can be read midway',
    (events, cut, instants, k) => {
      const options = k === undefined ? {} : { asKnownAt: k };
      const split = events.length === 0 ? 0 : cut % (events.length + 1);
      const counter = createSnapshotCounter(instants, options);
      for (const e of events.slice(0, split)) counter.push(e);
      expect(counter.result()).toEqual(instants.map((at) => naiveCountAt(events.slice(0, split), at, k)));
      for (const e of events.slice(split)) counter.push(e);
      expect(counter.result()).toEqual(countsAt(events, instants, options));
    },
  );

  it('refuses an instant that is not a canonical UTC instant, naming it', () => {
    expect(() => createSnapshotCounter(['2026-03-07T07:00:00Z', '2026-03-07 07:00'])).toThrow(
      'instants[1]: "2026-03-07 07:00" is not a canonical UTC instant',
    );
    expect(() => createSnapshotCounter([], { asKnownAt: 'yesterday' })).toThrow(
      'options.asKnownAt: "yesterday"',
    );
  });

  it('refuses an event whose occurredAt is not an instant, naming the event', () => {
    const counter = createSnapshotCounter([minute(10)]);
    const bad = { ...device('d-1', 'u-1', minute(1)), eventId: 'e-bad', occurredAt: 'soon' } as TallyEvent;
    expect(() => counter.push(bad)).toThrow('event e-bad occurredAt: "soon"');
  });
});

describe('snapshot semantics (docs/counting.md#snapshots-and-as-known-at, docs/test-vectors.md)', () => {
  it('vector 5: a device activated at 07:30:00Z is not in the 07:00:00Z tally; one at 06:59:59Z is', () => {
    const tally = '2026-03-07T07:00:00Z';
    const events = [
      device('d-late', 'u-1', '2026-03-07T07:30:00Z'),
      device('d-early', 'u-2', '2026-03-07T06:59:59Z'),
    ];
    expect(countAt(events, tally)).toEqual({
      at: tally,
      activeDevices: 1,
      billableDevices: 1,
      licensesInUse: 0,
      licenseHolders: 1,
    });
    // An event exactly at the instant is seen (occurredAt <= t).
    expect(countAt([device('d-on-time', 'u-1', tally)], tally).activeDevices).toBe(1);
  });

  it('vector 7: a deactivated device in cold storage is billed every month until ArchivePurged', () => {
    const events = [
      device('d-1', 'u-1', '2026-01-05T10:00:00Z'),
      event('ArchiveCreated', { archiveId: 'a-1', deviceId: 'd-1' }, '2026-01-05T12:00:00Z'),
      event('DeviceDeactivated', { deviceId: 'd-1' }, '2026-02-20T09:00:00Z'),
      event('ArchivePurged', { archiveId: 'a-1', reason: 'cold-storage-purge' }, '2026-04-20T09:00:00Z'),
    ];
    const tallies = [
      '2026-02-07T08:00:00Z',
      '2026-03-07T08:00:00Z',
      '2026-04-07T07:00:00Z',
      '2026-05-07T07:00:00Z',
    ];
    expect(
      countsAt(events, tallies).map((c) => [c.activeDevices, c.billableDevices, c.licensesInUse]),
    ).toEqual([
      [1, 1, 1],
      [0, 1, 1],
      [0, 1, 1],
      [0, 0, 0],
    ]);
  });

  it('resolves ties at the same occurredAt in stream order', () => {
    const at = minute(5);
    const activate = device('d-1', 'u-1', minute(1));
    const off = event('DeviceDeactivated', { deviceId: 'd-1' }, at);
    const on = event('DeviceReactivated', { deviceId: 'd-1' }, at);
    expect(countAt([activate, off, on], at).activeDevices).toBe(1);
    // In stream order the reactivation comes first and finds the device active: refused.
    expect(() => countAt([activate, on, off], at)).toThrow('device d-1 is already active');
  });

  it('judges a backdated event in its place in occurredAt order, not at its place in the stream', () => {
    // Stream: activated at 10, deactivated at 30, then a correction says it was reactivated at 20.
    // In occurredAt order the reactivation finds the device active: the log is refused there.
    const events = [
      device('d-1', 'u-1', minute(10)),
      event('DeviceDeactivated', { deviceId: 'd-1' }, minute(30)),
      event('DeviceReactivated', { deviceId: 'd-1' }, minute(20), minute(40)),
    ];
    expect(() => countsAt(events, [minute(15), minute(25), minute(35)])).toThrow(
      `event ${events[2]?.eventId} (index 2): data.deviceId: device d-1 is already active at ${minute(20)} (active since ${minute(10)})`,
    );
  });

  it('lets a backdated deactivation end a device before snapshots already passed in the stream', () => {
    const events = [
      device('d-1', 'u-1', minute(10)),
      device('d-2', 'u-1', minute(50)),
      event('DeviceDeactivated', { deviceId: 'd-1' }, minute(20), minute(60)),
    ];
    expect(countsAt(events, [minute(15), minute(25), minute(55)]).map((c) => c.activeDevices)).toEqual([
      1, 0, 1,
    ]);
  });

  it('counts an archive created before its device was deactivated but recorded after', () => {
    const events = [
      device('d-1', 'u-1', minute(5)),
      event('DeviceDeactivated', { deviceId: 'd-1' }, minute(20)),
      event('ArchiveCreated', { archiveId: 'a-1', deviceId: 'd-1' }, minute(10), minute(40)),
    ];
    expect(countsAt(events, [minute(8), minute(25), minute(35)]).map((c) => c.billableDevices)).toEqual([
      1, 1, 1,
    ]);
    expect(
      countsAt(events, [minute(8), minute(25)], { asKnownAt: minute(39) }).map((c) => c.billableDevices),
    ).toEqual([1, 0]);
  });

  it('refuses an archive created before its device is known (wrong money if ignored)', () => {
    const created = event('ArchiveCreated', { archiveId: 'a-1', deviceId: 'd-1' }, minute(20));
    expect(() => countsAt([created], [minute(25)])).toThrow('device d-1 was never activated');
    const activation = device('d-1', 'u-1', minute(30));
    const early = event('ArchiveCreated', { archiveId: 'a-1', deviceId: 'd-1' }, minute(20), minute(40));
    expect(() => countsAt([activation, early], [minute(25)])).toThrow(
      `device d-1 is not active at ${minute(20)} (first activated at ${minute(30)})`,
    );
  });

  it('refuses a purge dated before its archive was created (the archive would be billed forever)', () => {
    const events = [
      device('d-1', 'u-1', minute(5)),
      event('ArchiveCreated', { archiveId: 'a-1', deviceId: 'd-1' }, minute(20)),
      event('ArchivePurged', { archiveId: 'a-1', reason: 'retention-expired' }, minute(10), minute(30)),
    ];
    expect(() => countsAt(events, [minute(25)])).toThrow(
      `archive a-1 does not exist yet at ${minute(10)} (it is created at ${minute(20)})`,
    );
  });

  it('hides an event recorded after asKnownAt', () => {
    const events = [
      device('d-1', 'u-1', minute(10), minute(10)),
      device('d-2', 'u-2', minute(10), minute(90)),
    ];
    expect(countAt(events, minute(20), { asKnownAt: minute(89) }).activeDevices).toBe(1);
    expect(countAt(events, minute(20), { asKnownAt: minute(90) }).activeDevices).toBe(2);
    expect(countAt(events, minute(20)).activeDevices).toBe(2);
  });

  it('returns one result per requested instant, in the order asked, duplicates included', () => {
    const events = [device('d-1', 'u-1', minute(10)), device('d-2', 'u-1', minute(20))];
    const instants = [minute(25), minute(5), minute(15), minute(25)];
    expect(countsAt(events, instants).map((c) => [c.at, c.activeDevices])).toEqual([
      [minute(25), 2],
      [minute(5), 0],
      [minute(15), 1],
      [minute(25), 2],
    ]);
    expect(countsAt(events, [])).toEqual([]);
  });
});
