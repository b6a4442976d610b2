// countsAtFromLogFile reads the counts off the log checker's own timeline of the org: it must
// answer what countsAtFromStore answers on the same file seen as a store (which builds a timeline
// of its own), for any history, backdated and late-recorded events included.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { serializeEvent, type TallyEvent } from '@tally/domain';
import { arbEventLog, arbInstant } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { isStreamNotFoundError } from '../port.js';
import { countsAtFromStore } from '../queries.js';
import { LogLineRefusedError, logFileEventStore } from './log-file.js';
import { countsAtFromLogFile } from './log-file-counts.js';

async function fileOf(events: readonly TallyEvent[], text = ''): Promise<{ path: string; name: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'tally-log-counts-'));
  const path = join(directory, 'log.jsonl');
  await writeFile(path, `${events.map((event) => serializeEvent(event)).join('\n')}\n${text}`);
  return { path, name: 'log.jsonl' };
}

describe('countsAtFromLogFile', () => {
  test.prop(
    [
      arbEventLog(),
      arbEventLog({ orgId: 'other' }),
      fc.array(arbInstant(), { minLength: 1, maxLength: 4 }),
      fc.option(arbInstant(), { nil: undefined }),
    ],
    { numRuns: 40 },
  )('gives what countsAtFromStore gives on the file as a store', async (log, other, instants, asKnownAt) => {
    // Two orgs' lines interleaved: only the asked one's are counted, every line is checked.
    const events = log.events.flatMap((event, i) => [
      event,
      ...(other.events[i] === undefined ? [] : [other.events[i]]),
    ]);
    const file = await fileOf([...events, ...other.events.slice(log.events.length)]);
    const options = asKnownAt === undefined ? {} : { asKnownAt };
    const expected = await countsAtFromStore(logFileEventStore(file), log.orgId, instants, options);
    expect(await countsAtFromLogFile(file, log.orgId, instants, options)).toEqual(expected);
  });

  it('says the org has no stream, refuses a bad line, and a bad instant before reading', async () => {
    const log = fc.sample(arbEventLog(), { numRuns: 1, seed: 7 })[0];
    if (log === undefined) throw new Error('no sample');
    const file = await fileOf(log.events);
    const missing = await countsAtFromLogFile(file, 'nobody', ['2026-03-01T00:00:00Z']).catch(
      (e: unknown) => e,
    );
    expect(isStreamNotFoundError(missing)).toBe(true);
    const bad = await fileOf(log.events, '{"type":"DeviceDeactivated"}\n');
    const refused = await countsAtFromLogFile(bad, log.orgId, ['2026-03-01T00:00:00Z']).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(LogLineRefusedError);
    expect(refused).toMatchObject({ line: log.events.length + 1 });
    const noFile = { path: join(tmpdir(), 'tally-no-such-file.jsonl') };
    await expect(countsAtFromLogFile(noFile, log.orgId, ['2026-13-01T00:00:00Z'])).rejects.toThrow(
      /instants\[0\]/,
    );
  });
});
