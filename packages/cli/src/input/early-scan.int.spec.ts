// The head start of bin.ts: a reading thread for a large `invoices --events` file, taken by the
// scan that asks for the same file and organization, and by nothing else.
import { serializeEvent, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../fixtures/sample-log.spec-helper.js';
import { startEarlyScan, takeEarlyScan, WORKER_FROM_BYTES } from './early-scan.js';

/** A file just over the size that earns a reading thread, of one org's device lines. */
async function largeFile(): Promise<string> {
  const line = (i: number): TallyEvent => ({
    type: 'DeviceActivated',
    eventId: `e-${i}`,
    orgId: 'acme',
    occurredAt: '2026-03-07T07:00:00Z',
    recordedAt: '2026-03-07T07:00:00Z',
    data: { deviceId: `d-${i}`, userId: 'u-1' },
  });
  const one = `${serializeEvent(line(0))}\n`;
  const count = Math.ceil(WORKER_FROM_BYTES / one.length) + 10;
  return tempFile(
    'large.jsonl',
    Array.from({ length: count }, (_, i) => `${serializeEvent(line(i))}\n`).join(''),
  );
}

describe('the early reading thread', () => {
  it('is taken once, by the scan of the same file and organization', async () => {
    const path = await largeFile();
    startEarlyScan(['invoices', '--from', '2026-01-01', `--events=${path}`, '--org', 'acme']);
    expect(takeEarlyScan(path, 'other-org')).toBeUndefined();
    const source = takeEarlyScan(path, 'acme');
    expect(source).toBeDefined();
    expect(takeEarlyScan(path, 'acme')).toBeUndefined();
    // It reads: the first chunk's first line is line 1.
    for await (const chunk of source?.chunks ?? []) {
      expect(chunk.rows).toBeGreaterThan(0);
      expect(chunk.ints[0]).toBe(1);
      break;
    }
    await source?.close();
  });

  it('is not started for other commands, stdin or a small file', async () => {
    const path = await largeFile();
    const small = await tempFile('small.jsonl', '{}\n');
    for (const argv of [
      ['counts', '--events', path, '--org', 'acme'],
      ['invoices', '--events', '-', '--org', 'acme'],
      ['invoices', '--events', small, '--org', 'acme'],
      ['invoices', '--events', path],
      ['invoices', '--events', '/no/such/file', '--org', 'acme'],
    ]) {
      startEarlyScan(argv);
      expect(takeEarlyScan(argv[2] as string, 'acme')).toBeUndefined();
    }
  });
});
