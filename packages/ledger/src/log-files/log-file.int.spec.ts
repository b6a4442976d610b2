// A log file through the library: refusals are typed and name the line, reading stops where the
// caller says, and the file seen as a store gives one org's stream with its own revisions.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeEvent, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { isStreamNotFoundError, orgStreamName } from '../port.js';
import { checkLogFile, LogLineRefusedError, logFileEventStore } from './log-file.js';

const at = '2026-03-01T00:00:00Z';
const registered = (orgId: string): TallyEvent => ({
  type: 'OrganizationRegistered',
  eventId: `${orgId}-reg`,
  orgId,
  occurredAt: at,
  recordedAt: at,
  data: {
    name: orgId,
    serialCode: 's',
    billingAccount: 'b',
    timeZone: 'UTC',
    currency: 'USD',
    coldStorage: true,
  },
});
const activated = (orgId: string, deviceId: string): TallyEvent => ({
  type: 'DeviceActivated',
  eventId: `${orgId}-${deviceId}`,
  orgId,
  occurredAt: at,
  recordedAt: at,
  data: { deviceId, userId: 'u-1' },
});
const deactivated = (orgId: string, deviceId: string): TallyEvent => ({
  type: 'DeviceDeactivated',
  eventId: `${orgId}-${deviceId}-off`,
  orgId,
  occurredAt: at,
  recordedAt: at,
  data: { deviceId },
});

async function logOf(events: readonly TallyEvent[]): Promise<{ path: string; name: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'tally-log-file-'));
  const path = join(directory, 'log.jsonl');
  await writeFile(path, events.map((event) => `${serializeEvent(event)}\n`).join(''));
  return { path, name: 'log.jsonl' };
}

const twoOrgs = [
  registered('a'),
  registered('b'),
  activated('a', 'd-1'),
  activated('b', 'd-1'),
  activated('a', 'd-2'),
];

describe('checkLogFile', () => {
  it('refuses an event that does not fit with a typed error naming file, line, event and field', async () => {
    const file = await logOf([registered('a'), deactivated('a', 'd-9')]);
    const error = await checkLogFile(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LogLineRefusedError);
    expect(error).toMatchObject({
      code: 'LogLineRefused',
      source: 'log.jsonl',
      line: 2,
      eventId: 'a-d-9-off',
    });
    expect((error as LogLineRefusedError).problem).toMatch(/^data\.deviceId: /);
    expect((error as Error).message).toBe(
      `log.jsonl:2: a-d-9-off: ${(error as LogLineRefusedError).problem}`,
    );
  });

  it('hands every event over in file order and stops where onEvent says', async () => {
    const file = await logOf(twoOrgs);
    const seen: string[] = [];
    expect(await checkLogFile(file, { onEvent: (event) => seen.push(event.eventId) > 0 })).toBe(5);
    expect(seen).toEqual(twoOrgs.map((event) => event.eventId));
    const firstThree: string[] = [];
    const last = await checkLogFile(file, { onEvent: (event) => firstThree.push(event.eventId) < 3 });
    expect(last).toBe(3);
    expect(firstThree).toEqual(seen.slice(0, 3));
  });
});

describe('logFileEventStore', () => {
  it("gives one org's events with revisions from 0, checks the others, and closes", async () => {
    const file = await logOf(twoOrgs);
    let closed = 0;
    const store = logFileEventStore(file, { onClose: async () => void closed++ });
    const read: [bigint, string][] = [];
    for await (const { revision, event } of store.readStream(orgStreamName('a'))) {
      read.push([revision, event.eventId]);
    }
    expect(read).toEqual([
      [0n, 'a-reg'],
      [1n, 'a-d-1'],
      [2n, 'a-d-2'],
    ]);
    await store.close();
    expect(closed).toBe(1);
  });

  it('says there is no stream for an org without a line, and refuses appends', async () => {
    const store = logFileEventStore(await logOf(twoOrgs));
    const reading = (async () => {
      for await (const _ of store.readStream(orgStreamName('c'))) break;
    })();
    expect(isStreamNotFoundError(await reading.catch((error: unknown) => error))).toBe(true);
    await expect(store.appendToStream(orgStreamName('a'), [])).rejects.toThrow('read-only');
  });

  it("refuses the file at a bad line of another org's events", async () => {
    const store = logFileEventStore(await logOf([...twoOrgs, deactivated('b', 'd-7')]));
    const reading = (async () => {
      for await (const _ of store.readStream(orgStreamName('a'))) {
        // read to the end
      }
    })();
    await expect(reading).rejects.toMatchObject({ line: 6, eventId: 'b-d-7-off' });
  });
});
