// --esdb against the in-process gRPC test server: import is idempotent, and the store gives the
// same answers as the file it was imported from.
import type { TallyEvent } from '@tally/domain';
import { getEventStoreDBEventStore } from '@tally/eventstoredb';
import { startTestServer, type TestServer } from '@tally/eventstoredb/test-server';
import { loadOrgEvents } from '@tally/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTally } from './cli.js';
import { memoryIo } from './fixtures/memory-io.spec-helper.js';
import { eventsOf, sampleEvents, tempFile, toJsonl } from './fixtures/sample-log.spec-helper.js';

const events = sampleEvents();
let server: TestServer;
let logPath = '';

async function tally(argv: string[], stdin = '') {
  const memory = memoryIo(stdin);
  const code = await runTally(argv, memory.io);
  return { code, stdout: memory.stdout(), stderr: memory.stderr() };
}

/** Acme's history under another org id (without its InvoiceIssued, which names acme). */
const renamedAcme = (orgId: string): TallyEvent[] =>
  eventsOf(events, 'acme')
    .filter((event) => event.type !== 'InvoiceIssued')
    .map((event) => ({ ...event, orgId, eventId: `${orgId}-${event.eventId}` }) as TallyEvent);

async function streamOf(orgId: string): Promise<TallyEvent[]> {
  const store = getEventStoreDBEventStore(server.connectionString);
  try {
    const read: TallyEvent[] = [];
    for await (const event of loadOrgEvents(store, orgId)) read.push(event);
    return read;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  server = await startTestServer({ batchAppend: true });
  logPath = await tempFile('events.jsonl', toJsonl(events));
});
afterAll(async () => {
  await server.stop();
});

describe('tally import', () => {
  it('appends each org to its stream; importing again changes nothing', async () => {
    const first = await tally(['import', logPath, '--esdb', server.connectionString, '--batch-size', '4']);
    expect(first).toEqual({
      code: 0,
      stdout: '',
      stderr: [
        'tally-org-acme: 11 appended, 0 already present',
        'tally-org-globex: 4 appended, 0 already present',
        `imported ${logPath}: 15 appended, 0 already present, 2 streams`,
        '',
      ].join('\n'),
    });
    const afterFirst = { acme: await streamOf('acme'), globex: await streamOf('globex') };
    expect(afterFirst.acme).toEqual(eventsOf(events, 'acme'));
    expect(afterFirst.globex).toEqual(eventsOf(events, 'globex'));

    const second = await tally(['import', logPath, '--esdb', server.connectionString, '--batch-size', '3']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`imported ${logPath}: 0 appended, 15 already present, 2 streams`);
    expect(await streamOf('acme')).toEqual(afterFirst.acme);
    expect(await streamOf('globex')).toEqual(afterFirst.globex);
  });

  it('appends only the new tail of a longer log', async () => {
    const acmeLike = renamedAcme('tail');
    const head = await tempFile('head.jsonl', toJsonl(acmeLike.slice(0, 5)));
    const whole = await tempFile('whole.jsonl', toJsonl(acmeLike));
    expect((await tally(['import', head, '--esdb', server.connectionString])).code).toBe(0);
    const result = await tally(['import', whole, '--esdb', server.connectionString, '--batch-size', '4']);
    expect(result.stderr).toContain('tally-org-tail: 5 appended, 5 already present');
    expect(await streamOf('tail')).toEqual(acmeLike);
  });

  it('refuses a stream that holds other events, and says where', async () => {
    const renamed = renamedAcme('clash');
    const other = renamed.map((event, i) =>
      i === 2 ? ({ ...event, eventId: 'clash-other' } as TallyEvent) : event,
    );
    expect(
      (
        await tally([
          'import',
          await tempFile('a.jsonl', toJsonl(renamed)),
          '--esdb',
          server.connectionString,
        ])
      ).code,
    ).toBe(0);
    const result = await tally([
      'import',
      await tempFile('b.jsonl', toJsonl(other)),
      '--esdb',
      server.connectionString,
    ]);
    // The line that differs is named, not the first of its batch.
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(
      /^[^:]*b\.jsonl:3: clash-other: belongs at revision 2 of tally-org-clash, but the stream holds event clash-acme-\d+ there; export the stream and compare\n$/,
    );
    expect(await streamOf('clash')).toEqual(renamed);
  });

  it('refuses another event under a known eventId, naming its line; the stream keeps its event', async () => {
    const renamed = renamedAcme('changed');
    const first = await tempFile('first.jsonl', toJsonl(renamed));
    expect((await tally(['import', first, '--esdb', server.connectionString])).code).toBe(0);
    const at = renamed.findIndex((event) => event.type === 'DeviceActivated');
    const changed = renamed.map((event, i) =>
      i === at && event.type === 'DeviceActivated'
        ? { ...event, data: { ...event.data, userId: 'u-changed' } }
        : event,
    );
    const second = await tempFile('second.jsonl', toJsonl(changed));
    const result = await tally(['import', second, '--esdb', server.connectionString, '--batch-size', '3']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `${second}:${at + 1}: ${renamed[at]?.eventId}: tally-org-changed already holds an event with this eventId at revision ${at}, with other content: an eventId names one event forever; export the stream and compare\n`,
    });
    expect(await streamOf('changed')).toEqual(renamed);
    // The same file again is still the no-op it was.
    const again = await tally(['import', first, '--esdb', server.connectionString]);
    expect(again.stderr).toContain(`0 appended, ${renamed.length} already present`);
  });

  it('imports nothing from a bad file', async () => {
    const bad = await tempFile(
      'bad.jsonl',
      `${toJsonl(events.slice(0, 2).map((e) => ({ ...e, orgId: 'never' }) as TallyEvent))}{"x":1}\n`,
    );
    const result = await tally(['import', bad, '--esdb', server.connectionString]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${bad}:3: -: type: missing\n`);
    const store = getEventStoreDBEventStore(server.connectionString);
    await expect(loadOrgEvents(store, 'never')[Symbol.asyncIterator]().next()).rejects.toThrow(
      /does not exist/,
    );
    await store.close();
  });
});

describe('--esdb source', () => {
  beforeAll(async () => {
    await tally(['import', logPath, '--esdb', server.connectionString, '--quiet']);
  });

  it.each([
    [
      'invoices',
      [
        '--org',
        'acme',
        '--from',
        '2026-01-01',
        '--to',
        '2026-06-30',
        '--as-known-at',
        '2026-11-01T00:00:00Z',
      ],
    ],
    [
      'invoices',
      [
        '--org',
        'globex',
        '--from',
        '2026-01-01',
        '--to',
        '2026-06-30',
        '--as-known-at',
        '2026-11-01T00:00:00Z',
        '--format',
        'text',
      ],
    ],
    ['invoice', ['--org', 'acme', '--date', '2026-02-09', '--as-known-at', '2026-02-10T00:00:00Z']],
    ['counts', ['--org', 'acme', '--at', '2026-03-01T00:00:00Z', '--explain']],
    ['export', ['--org', 'acme']],
    [
      'report',
      [
        '--org',
        'acme',
        '--from',
        '2026-01-01',
        '--to',
        '2026-05-31',
        '--as-known-at',
        '2026-11-01T00:00:00Z',
      ],
    ],
  ])('%s %j gives the same output as --events', async (command, args) => {
    const fromFile = await tally([command, '--events', logPath, ...args]);
    const fromStore = await tally([command, '--esdb', server.connectionString, ...args]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout.length).toBeGreaterThan(0);
    expect(fromStore).toEqual(fromFile);
  });

  it('says so for an org without a stream', async () => {
    const result = await tally([
      'counts',
      '--esdb',
      server.connectionString,
      '--org',
      'nobody',
      '--at',
      '2026-03-01T00:00:00Z',
    ]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `tally: no events for org "nobody" in ${server.connectionString}\n`,
    });
  });
});
