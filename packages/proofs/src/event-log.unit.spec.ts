import { fc, test } from '@fast-check/vitest';
import { serializeEvent, type TallyEvent } from '@tally/domain';
import { arbEventLog } from '@tally/testing';
import { expect } from 'vitest';
import { OrgEventLog } from './event-log.js';

test.prop([arbEventLog({ maxEvents: 20 }), fc.nat()], { numRuns: 40 })(
  "holds a bundle's events to the domain's log rules: every event of a log, then a repeated id refused",
  (log, pick) => {
    const events = new OrgEventLog(log.orgId);
    log.events.forEach((event, index) => {
      expect(events.accept(serializeEvent(event), index + 1).ok).toBe(true);
    });
    expect(events.state.version).toBe(log.events.length);
    const repeated = pick % log.events.length;
    const again = events.accept(serializeEvent(log.events[repeated] as TallyEvent), log.events.length + 1);
    expect(again).toEqual({
      ok: false,
      problem: `eventId: already used at line ${repeated + 1}; event ids are unique`,
    });
    const foreign = { ...(log.events[0] as TallyEvent), orgId: `${log.orgId}-other`, eventId: 'foreign-1' };
    expect(events.accept(serializeEvent(foreign), log.events.length + 2)).toEqual({
      ok: false,
      problem: `orgId: "${foreign.orgId}", but the checkpoint is for org "${log.orgId}"`,
    });
  },
);
