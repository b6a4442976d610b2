// Every reading of a file decodes its lines from their bytes, strictly: a line that is not UTF-8
// is refused, naming the line and the offset of the bad byte, never read with U+FFFD.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeEvent, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { orgStreamName } from '../port.js';
import { checkLogFile, type LogFile, logFileEventStore, readLogLines } from './log-file.js';

const at = '2026-03-01T00:00:00Z';
const registered: TallyEvent = {
  type: 'OrganizationRegistered',
  eventId: 'e-1',
  orgId: 'acme',
  occurredAt: at,
  recordedAt: at,
  data: {
    name: 'Acme',
    serialCode: 's',
    billingAccount: 'b',
    timeZone: 'UTC',
    currency: 'USD',
    coldStorage: true,
  },
};
const activated = (userId: string): TallyEvent => ({
  type: 'DeviceActivated',
  eventId: 'e-2',
  orgId: 'acme',
  occurredAt: at,
  recordedAt: at,
  data: { deviceId: 'd-1', userId },
});

/** A log whose second line has `userBytes` as its userId's bytes. */
async function logFile(userBytes: readonly number[]): Promise<{ file: LogFile; offset: number }> {
  const [before, after] = serializeEvent(activated('@')).split('@') as [string, string];
  const bytes = Buffer.concat([
    Buffer.from(`${serializeEvent(registered)}\n${before}`),
    Buffer.from(userBytes),
    Buffer.from(`${after}\n`),
  ]);
  const directory = await mkdtemp(join(tmpdir(), 'tally-utf8-'));
  const path = join(directory, 'log.jsonl');
  await writeFile(path, bytes);
  return { file: { path, name: 'log.jsonl' }, offset: Buffer.byteLength(before) };
}

async function readAll(file: LogFile): Promise<TallyEvent[]> {
  const events: TallyEvent[] = [];
  for await (const { event } of logFileEventStore(file).readStream(orgStreamName('acme'))) events.push(event);
  return events;
}

describe('lines that are not UTF-8', () => {
  it('are refused by the whole-file check and by the store view alike', async () => {
    const { file, offset } = await logFile([0x75, 0xff, 0x31]);
    const message = `log.jsonl:2: e-2: line: not valid UTF-8: byte 0xFF at byte offset ${offset + 1} of the line does not begin a well-formed character`;
    await expect(checkLogFile(file)).rejects.toThrow(message);
    await expect(readAll(file)).rejects.toThrow(message);
  });

  it('are refused by the text reader (import, the orgs of a file) at their line, after the lines before', async () => {
    const { file, offset } = await logFile([0x75, 0xfe, 0x31]);
    const read: number[] = [];
    const reading = (async () => {
      for await (const { number } of readLogLines(file)) read.push(number);
    })();
    await expect(reading).rejects.toThrow(
      `log.jsonl:2: -: line: not valid UTF-8: byte 0xFE at byte offset ${offset + 1} of the line does not begin a well-formed character`,
    );
    expect(read).toEqual([1]);
  });

  it('d-\\xfe and d-\\xff are two bad lines, never one id', async () => {
    for (const byte of [0xfe, 0xff]) {
      const { file } = await logFile([0x64, 0x2d, byte]);
      await expect(checkLogFile(file)).rejects.toThrow(
        `byte 0x${byte.toString(16).toUpperCase()} at byte offset`,
      );
    }
  });

  it('an encoded surrogate is refused too', async () => {
    const { file, offset } = await logFile([0xed, 0xa0, 0x80]);
    await expect(readAll(file)).rejects.toThrow(`byte 0xED at byte offset ${offset} of the line`);
  });

  it('the same line in UTF-8 is read, its id as written', async () => {
    const { file } = await logFile([0x75, 0xc3, 0xa9, 0x31]);
    expect(await checkLogFile(file)).toBe(2);
    expect(await readAll(file)).toEqual([registered, activated('ué1')]);
  });
});
