// The sealing thread writes the bytes sealEvent gives, line for line, whatever the batches:
// events sent in batches cut anywhere, events larger than a batch's buffer, lines in any spelling
// the decoder reads (the text sealed is the decoded event's, not the line's), and writes that
// finish late (the buffers they hold are reused only after).
import { fc, it as prop } from '@fast-check/vitest';
import { encodeEvent, serializeEvent, type TallyEvent } from '@tally/domain';
import { arbEventLog } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { GENESIS_CHAIN } from './seal.js';
import { sealEvent } from './seal-event.js';
import { SealingThread } from './sealing-thread.js';

/** The export of `events` as sealEvent writes it, and its chain head. */
function sealedHere(events: readonly TallyEvent[]): { text: string; head: string } {
  let head = GENESIS_CHAIN;
  let text = '';
  for (const event of events) {
    const line = sealEvent(event, head);
    text += `${line.text}\n`;
    head = line.chain;
  }
  return { text, head };
}

/** A line of `event` as serializeEvent spells it, or with its members in reverse order. */
function lineOf(event: TallyEvent, reversed: boolean): string {
  if (!reversed) return serializeEvent(event);
  const wire = encodeEvent(event);
  return JSON.stringify(Object.fromEntries(Object.entries(wire).reverse()));
}

/** The same through the thread, sent in batches ending after the events of `cuts`: every line
 * handed over from one buffer of all of them (CR LF between, something before the first), as a
 * file's chunk holds them. */
async function sealedOnThread(
  events: readonly TallyEvent[],
  cuts: ReadonlySet<number>,
  reversed: (i: number) => boolean = () => false,
): Promise<{ text: string; head: string }> {
  const written: Buffer[] = [];
  const thread = new SealingThread((bytes, done) => {
    written.push(Buffer.from(bytes));
    setImmediate(done);
  });
  const lines = events.map((event, i) => lineOf(event, reversed(i)));
  const chunk = Buffer.from(`#\r\n${lines.join('\r\n')}\r\n`);
  let start = 3;
  for (const [i, line] of lines.entries()) {
    const end = start + Buffer.byteLength(line);
    thread.add(chunk, start, end);
    start = end + 2;
    if (cuts.has(i)) {
      thread.send();
      await thread.below(1);
    }
  }
  const head = await thread.end();
  return { text: Buffer.concat(written).toString('utf8'), head };
}

const arbLog = arbEventLog({ orgId: 'acme' }).map(({ events }) => events);

describe('SealingThread', () => {
  prop.prop([arbLog, fc.uniqueArray(fc.nat(60), { maxLength: 6 })], { numRuns: 6 })(
    'writes the lines sealEvent gives, however the events are batched',
    async (events, cuts) => {
      expect(await sealedOnThread(events, new Set(cuts))).toEqual(sealedHere(events));
    },
  );

  prop.prop([arbLog, fc.func(fc.boolean())], { numRuns: 6 })(
    'seals the decoded event, whatever the spelling of its line',
    async (events, reversed) => {
      expect(await sealedOnThread(events, new Set(), (i) => reversed(i))).toEqual(sealedHere(events));
    },
  );

  it('fails with the reason when a line it is given does not decode', async () => {
    const thread = new SealingThread((_bytes, done) => done());
    const line = Buffer.from('{"type":"DeviceActivated"}');
    thread.add(line, 0, line.length);
    await expect(thread.end()).rejects.toThrow(/could not decode event 1 of the export: .*eventId: missing/);
  });

  it('seals events larger than a batch, and more events than a batch holds', async () => {
    const [log] = fc.sample(
      arbLog.filter((events) => events.length >= 6),
      { numRuns: 1, seed: 3 },
    ) as [TallyEvent[]];
    // 600 events: more than one batch of 512; two of them of about 400 KB (a batch is 256 KB), and
    // some with characters of 2 and 4 bytes in UTF-8.
    const events = Array.from({ length: 100 }, (_, copy) =>
      log.map((event, i) => ({
        ...event,
        eventId: `${event.eventId}-${copy}${copy === 7 && i < 2 ? 'x'.repeat(400_000) : ''}${copy === 3 ? '\u00e9\u{1f600}' : ''}`,
      })),
    ).flat();
    expect(await sealedOnThread(events, new Set())).toEqual(sealedHere(events));
  });
});
