// importLog on the in-memory store: a log of two orgs lands in their streams in log order, for
// any batch size; importing it again (or after a part of it) appends nothing twice; a store that
// holds other events where the log's belong is refused at the log's line, and nothing of that
// batch is appended.
import { fc, it as prop } from '@fast-check/vitest';
import type { TallyEvent } from '@tally/domain';
import { arbEventLog } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { importLog, isImportRefusedError, type LogLine } from './import-log.js';
import { getInMemoryEventStore } from './in-memory-store.js';
import { type EventStore, orgStreamName } from './port.js';

const linesOf = (events: readonly TallyEvent[]): LogLine[] =>
  events.map((event, i) => ({ event, line: i + 1 }));

async function streamOf(store: EventStore, orgId: string): Promise<TallyEvent[]> {
  const events: TallyEvent[] = [];
  for await (const record of store.readStream(orgStreamName(orgId))) events.push(record.event);
  return events;
}

/** Two orgs' logs, interleaved: every other event of the longer one after each of the other's. */
const arbTwoOrgLog = fc
  .tuple(arbEventLog({ orgId: 'acme' }), arbEventLog({ orgId: 'globex' }))
  .map(([a, b]) => {
    const events: TallyEvent[] = [];
    for (let i = 0; i < Math.max(a.events.length, b.events.length); i += 1) {
      if (i < a.events.length) events.push(a.events[i] as TallyEvent);
      if (i < b.events.length) events.push(b.events[i] as TallyEvent);
    }
    return events;
  });

describe('importLog', () => {
  prop.prop([arbTwoOrgLog, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.nat()], {
    numRuns: 40,
  })(
    'appends each org in log order, once, whatever the batches and a part imported first',
    async (events, size, again, cut) => {
      const store = getInMemoryEventStore();
      const head = events.slice(0, cut % (events.length + 1));
      await importLog(store, linesOf(head), { batchSize: again });
      const reports = await importLog(store, linesOf(events), { batchSize: size });
      for (const orgId of ['acme', 'globex']) {
        const ofOrg = events.filter((event) => event.orgId === orgId);
        expect(await streamOf(store, orgId)).toEqual(ofOrg);
        const report = reports.find((one) => one.orgId === orgId);
        const before = head.filter((event) => event.orgId === orgId).length;
        expect(report).toEqual({ orgId, alreadyPresent: before, appended: ofOrg.length - before });
      }
      const repeat = await importLog(store, linesOf(events));
      expect(repeat.every((report) => report.appended === 0)).toBe(true);
    },
  );

  it('refuses an eventId the stream holds with other content, at its line', async () => {
    const { events } = fc.sample(arbEventLog({ orgId: 'acme' }), { numRuns: 1, seed: 7 })[0] as {
      events: TallyEvent[];
    };
    const store = getInMemoryEventStore();
    await importLog(store, linesOf(events));
    const changed = events.map((event, i) =>
      i === 1 ? { ...event, recordedAt: '2099-01-01T00:00:00Z' } : event,
    );
    const refused = await importLog(store, linesOf(changed)).catch((error: unknown) => error);
    expect(isImportRefusedError(refused)).toBe(true);
    expect(refused).toMatchObject({ line: 2, eventId: events[1]?.eventId });
    expect((refused as Error).message).toMatch(/already holds an event with this eventId at revision 1/);
    expect(await streamOf(store, 'acme')).toEqual(events);
  });

  it('refuses a log whose event belongs where the stream holds another, at its line', async () => {
    const [first, second] = fc.sample(arbEventLog({ orgId: 'acme' }), { numRuns: 2, seed: 3 }) as {
      events: TallyEvent[];
    }[];
    const store = getInMemoryEventStore();
    const ours = (first?.events ?? []).slice(0, 2);
    const theirs = (second?.events ?? []).map((event, i) => ({ ...event, eventId: `other-${i}` }));
    await importLog(store, linesOf(ours));
    const refused = await importLog(store, linesOf(theirs.slice(0, 3))).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'ImportRefused', line: 1, eventId: 'other-0' });
    expect((refused as Error).message).toMatch(
      new RegExp(
        `belongs at revision 0 of tally-org-acme, but the stream holds event ${ours[0]?.eventId} there`,
      ),
    );
    expect(await streamOf(store, 'acme')).toEqual(ours);
  });
});
