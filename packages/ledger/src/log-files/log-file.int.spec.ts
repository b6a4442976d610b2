// A log file through the library: refusals are typed and name the line, reading stops where the
// caller says, and the file seen as a store gives one org's stream with its own revisions.
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogChecker, serializeEvent, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { isStreamNotFoundError, orgStreamName } from '../port.js';
import { FileEventIds } from './file-event-ids.js';
import {
  type CheckLogFileOptions,
  checkLogFile,
  LogLineRefusedError,
  logFileEventIds,
  logFileEventStore,
} from './log-file.js';

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

// 20,000 activations of about 190 bytes: 4 chunks of 1 MB, so repeats can cross chunks.
const many = [registered('a'), ...Array.from({ length: 20_000 }, (_, i) => activated('a', `d-${i}`))];

describe('checkLogFile on a reading thread', () => {
  const withEvent = (events: TallyEvent[], line: number, event: TallyEvent) => [
    ...events.slice(0, line - 1),
    event,
    ...events.slice(line - 1),
  ];

  /** The outcome of a check: the events handed over and the last line, or the refusal. */
  async function outcome(path: string, options: CheckLogFileOptions) {
    const seen: string[] = [];
    const file = { path, name: 'log.jsonl' };
    const onEvent = options.onEvent ?? (() => true);
    try {
      const last = await checkLogFile(file, {
        ...options,
        // Each event with its line, which must be the bytes handed over with it.
        onEvent: (event, bytes, start, end) =>
          seen.push(`${event.eventId} ${Buffer.from(bytes.subarray(start, end)).toString()}`) > 0 &&
          onEvent(event, bytes, start, end),
      });
      return { last, seen };
    } catch (error) {
      return {
        error: error instanceof LogLineRefusedError ? error.message : String(error),
        code: (error as { code?: unknown }).code,
        seen: seen.length,
      };
    }
  }

  /** checkLogFile on its own thread and on a reading thread give the same outcome. */
  async function sameOnBoth(path: string, options: CheckLogFileOptions = {}) {
    const alone = await outcome(path, { ...options, readingThread: false });
    expect(await outcome(path, { ...options, readingThread: true })).toEqual(alone);
    return alone;
  }

  it('hands over the same events, and leaves the ids to the thread', async () => {
    const file = await logOf(many);
    const made: string[] = [];
    const eventIds = new FileEventIds(() => {
      made.push('table');
      return logFileEventIds(file);
    });
    const checker = { ...createLogChecker({ eventIds, source: file.name }), eventIds };
    expect(await checkLogFile(file, { checker, readingThread: true })).toBe(many.length);
    expect(made).toEqual([]);
    expect((await sameOnBoth(file.path)).seen).toEqual(
      many.map((event) => `${event.eventId} ${serializeEvent(event)}`),
    );
  });

  it('refuses a repeated id at the same line, in the chunk of the first or chunks after it', async () => {
    const repeat = (of: number): TallyEvent => ({
      ...deactivated('a', `d-${of}`),
      eventId: many[of + 1]?.eventId ?? '',
    });
    for (const [line, of] of [
      [30, 10],
      [19_000, 10],
      [19_000, 18_990],
    ] as const) {
      const { path } = await logOf(withEvent(many, line, repeat(of)));
      const refused = await sameOnBoth(path);
      expect(refused.error).toBe(
        `log.jsonl:${line}: ${many[of + 1]?.eventId}: eventId: already used at log.jsonl:${of + 2}; event ids are unique`,
      );
    }
  });

  it('stops where onEvent says', async () => {
    const { path } = await logOf(many);
    for (const stopAt of [1, 5_000, 19_999]) {
      expect(
        await sameOnBoth(path, { onEvent: (event) => event.eventId !== many[stopAt - 1]?.eventId }),
      ).toMatchObject({ last: stopAt });
    }
  });

  it('refuses a line that is too long, or a file that cannot be read, as reading here does', async () => {
    const { path } = await logOf(many.slice(0, 5));
    await appendFile(path, `${'x'.repeat(16 * 1024 * 1024 + 1)}\n`);
    expect((await sameOnBoth(path)).error).toMatch(/^log\.jsonl:6: -: line: longer than 16,777,216 bytes/);
    expect((await sameOnBoth(`${path}.missing`)).code).toBe('ENOENT');
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
