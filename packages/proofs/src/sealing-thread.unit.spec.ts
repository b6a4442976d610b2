// The sealing thread writes the bytes sealEvent gives, line for line, whatever the batches:
// events sent in batches cut anywhere, events larger than a batch's buffer, and writes that
// finish late (the buffers they hold are reused only after).
import { fc, it as prop } from '@fast-check/vitest';
import type { TallyEvent } from '@tally/domain';
import { arbEventLog } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { GENESIS_CHAIN } from './seal.js';
import { canonicalEventText, sealEvent } from './seal-event.js';
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

/** The same through the thread, sent in batches ending after the events of `cuts`. */
async function sealedOnThread(
  events: readonly TallyEvent[],
  cuts: ReadonlySet<number>,
): Promise<{ text: string; head: string }> {
  const written: Buffer[] = [];
  const thread = new SealingThread((bytes, done) => {
    written.push(Buffer.from(bytes));
    setImmediate(done);
  });
  for (const [i, event] of events.entries()) {
    thread.add(canonicalEventText(event));
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
