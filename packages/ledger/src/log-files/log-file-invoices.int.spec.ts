// shownInvoice(s)FromLogFile price the invoices off the log checker's own timeline of the org: they
// must answer what shownInvoice(s)FromStore answer on the same file seen as a store, for any
// history (backdated and late-recorded events included) and with issued invoices in the file.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import { serializeEvent, type TallyEvent } from '@tally/domain';
import { arbEventLog, arbInstant } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { shownInvoiceFromStore, shownInvoicesFromStore } from '../queries.js';
import { LogLineRefusedError, logFileEventStore } from './log-file.js';
import { shownInvoiceFromLogFile, shownInvoicesFromLogFile } from './log-file-invoices.js';

async function fileOf(events: readonly TallyEvent[], text = ''): Promise<{ path: string; name: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'tally-log-invoices-'));
  const path = join(directory, 'log.jsonl');
  await writeFile(path, `${events.map((event) => serializeEvent(event)).join('\n')}\n${text}`);
  return { path, name: 'log.jsonl' };
}

/** Two orgs' lines interleaved: only the asked one's are billed, every line is checked. */
const interleaved = (log: readonly TallyEvent[], other: readonly TallyEvent[]): TallyEvent[] => [
  ...log.flatMap((event, i) => [event, ...(other[i] === undefined ? [] : [other[i] as TallyEvent])]),
  ...other.slice(log.length),
];

const chemistry = {
  path: fileURLToPath(new URL('../../../../examples/billing-run/chemistry.jsonl', import.meta.url)),
  name: 'chemistry.jsonl',
};

describe('shownInvoicesFromLogFile', () => {
  test.prop([arbEventLog({ months: 6 }), arbEventLog({ orgId: 'other', months: 6 }), arbInstant()], {
    numRuns: 30,
  })('gives what shownInvoicesFromStore gives on the file as a store', async (log, other, asKnownAt) => {
    const file = await fileOf(interleaved(log.events, other.events));
    const query = { orgId: log.orgId, from: log.startDate, to: log.endDate, asKnownAt };
    const expected = await shownInvoicesFromStore(logFileEventStore(file), query);
    expect(await shownInvoicesFromLogFile(file, query)).toEqual(expected);
    const one = { orgId: log.orgId, billingDate: log.startDate, asKnownAt };
    expect(await shownInvoiceFromLogFile(file, one)).toEqual(
      await shownInvoiceFromStore(logFileEventStore(file), one),
    );
  });

  it.each(['2026-03-09T15:59:59Z', '2026-03-25T00:00:00Z'])(
    'shows an issued invoice as issued once it is known (as known at %s), as the store does',
    async (asKnownAt) => {
      const query = { orgId: 'chem', from: '2026-03-01', to: '2026-04-30', asKnownAt };
      const shown = await shownInvoicesFromLogFile(chemistry, query);
      expect(shown).toEqual(await shownInvoicesFromStore(logFileEventStore(chemistry), query));
      if (shown._tag === 'Left') throw new Error(shown.left.message);
      const kinds = shown.right.map((invoice) => invoice.kind);
      expect(kinds).toEqual(
        asKnownAt < '2026-03-09T16:00:00Z' ? ['computed', 'computed'] : ['issued', 'computed'],
      );
    },
  );

  it('answers an org without a line with UnknownOrganization naming the file, and refuses a bad line', async () => {
    const log = fc.sample(arbEventLog(), { numRuns: 1, seed: 11 })[0];
    if (log === undefined) throw new Error('no sample');
    const query = {
      orgId: 'nobody',
      from: log.startDate,
      to: log.endDate,
      asKnownAt: '2030-01-01T00:00:00Z',
    };
    const missing = await shownInvoicesFromLogFile(await fileOf(log.events), query);
    expect(missing).toMatchObject({
      _tag: 'Left',
      left: { code: 'UnknownOrganization', message: 'no events for org "nobody" in log.jsonl' },
    });
    const bad = await fileOf(log.events, '{"type":"DeviceDeactivated"}\n');
    const refused = await shownInvoicesFromLogFile(bad, { ...query, orgId: log.orgId }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(LogLineRefusedError);
    expect(refused).toMatchObject({ line: log.events.length + 1 });
  });
});
