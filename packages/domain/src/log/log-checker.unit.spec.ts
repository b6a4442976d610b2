import { fc, test } from '@fast-check/vitest';
import { arbEventLog, arbInconsistentLog, INCONSISTENCY_KINDS } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { replayChecked } from '../decide/consistency.js';
import { serializeEvent } from '../events/encode.js';
import type { TallyEvent } from '../events/types.js';
import { EventIdTable } from './event-id-table.js';
import { createLogChecker, type LogCheck, sniffEventId } from './log-checker.js';

const lines = (events: readonly TallyEvent[]) => events.map((event) => serializeEvent(event));
const bytes = (text: string) => new TextEncoder().encode(text);

/** The first refusal of a whole log, read line by line as text and as bytes (they must agree). */
function firstRefusal(texts: readonly string[], withTable: boolean) {
  const table = withTable
    ? new EventIdTable((line) => JSON.parse(texts[line - 1] as string).eventId)
    : undefined;
  const asText = createLogChecker(table === undefined ? {} : { eventIds: table });
  const asBytes = createLogChecker();
  for (const [index, text] of texts.entries()) {
    const fromText: LogCheck = asText.acceptLine(text, index + 1);
    const encoded = bytes(` ${text} `);
    const fromBytes: LogCheck = asBytes.acceptLineBytes(encoded, 1, encoded.length - 1, index + 1);
    expect(fromBytes).toEqual(fromText);
    if (fromText._tag === 'Left') return fromText.left;
  }
  return undefined;
}

describe('createLogChecker', () => {
  test.prop([arbEventLog({ maxEvents: 40 }), fc.boolean()], { numRuns: 60 })(
    'accepts every line of a generated log, and its org state is the replayed one',
    (log, withTable) => {
      expect(firstRefusal(lines(log.events), withTable)).toBeUndefined();
      const checker = createLogChecker();
      for (const [index, event] of log.events.entries()) checker.admit(event, index);
      const replayed = replayChecked(log.events);
      expect(replayed._tag).toBe('Right');
      if (replayed._tag === 'Right') {
        expect(checker.stateOf(log.orgId)?.entities.billableDevices).toBe(
          replayed.right.entities.billableDevices,
        );
        expect(checker.stateOf(log.orgId)?.version).toBe(replayed.right.version);
      }
    },
  );

  // A log of several organizations may hold another org's events: only a single-org replay
  // refuses them as foreign.
  const singleOrgKinds = INCONSISTENCY_KINDS.filter((kind) => kind !== 'foreign-org');
  test.prop([arbInconsistentLog({ maxEvents: 30, kinds: singleOrgKinds })], { numRuns: 60 })(
    'refuses an inconsistent log at the line and field replayChecked names',
    (bad) => {
      const refusal = firstRefusal(lines(bad.events), false);
      expect(refusal?.line).toBe(bad.index + 1);
      expect(refusal?.eventId).toBe(bad.eventId);
      expect(refusal?.message.startsWith(`${bad.field}: `)).toBe(true);
    },
  );

  test.prop([arbEventLog({ maxEvents: 20 }), fc.nat(), fc.boolean()], { numRuns: 60 })(
    'refuses a repeated event id at its second line, naming the first',
    (log, pick, withTable) => {
      const texts = lines(log.events);
      const repeated = pick % texts.length;
      const refusal = firstRefusal([...texts, texts[repeated] as string], withTable);
      expect(refusal).toEqual({
        line: texts.length + 1,
        eventId: log.events[repeated]?.eventId,
        message: `eventId: already used at line ${repeated + 1}; event ids are unique`,
      });
    },
  );

  it('names the source in the repeated-id refusal, and blames the whole line when it is not JSON', () => {
    const checker = createLogChecker({ source: 'log.jsonl' });
    const log = '{"type":"OrganizationRegistered","eventId":"e-1","orgId":"acme"';
    expect(checker.acceptLine(log, 3)).toEqual({
      _tag: 'Left',
      left: { line: 3, eventId: 'e-1', message: expect.stringMatching(/^line: /) },
    });
    const invalid = new Uint8Array([0x7b, 0xff, 0x7d]);
    const refused = checker.acceptLineBytes(invalid, 0, 3, 4);
    expect(refused._tag === 'Left' && refused.left.message).toMatch(/^line: .*UTF-8/);
  });
});

describe('sniffEventId', () => {
  it('reads the eventId of a truncated line', () => {
    expect(sniffEventId('{"type":"DeviceActivated","eventId":"e-\\"7","orgId":"ac')).toBe('e-"7');
  });
  it('gives nothing when there is none', () => {
    expect(sniffEventId('{"type":"Dev')).toBeUndefined();
    expect(sniffEventId('{"eventId": 7, "x":"eventId"')).toBeUndefined();
  });
  it('reads past a key without a string to the next one, white space and all', () => {
    expect(sniffEventId('{"eventId":7,"data":{"eventId" :\t"e-8"')).toBe('e-8');
  });

  // Lines of megabytes that never close their string: one pass, no stack overflow (a regular
  // expression backtracked over every character; 10 MB threw RangeError). Time is checked by
  // size, not by a clock: 1 MB and 10 MB both answer, and the scanner's work is one pass.
  it.each([
    ['an unterminated id', (n: number) => `{"eventId":"${'a'.repeat(n)}`],
    ['an unterminated id of escapes', (n: number) => `{"eventId":"${'\\a'.repeat(n / 2)}`],
    ['white space without a colon', (n: number) => `{"eventId"${' '.repeat(n)}`],
    ['keys without values', (n: number) => `{${'"eventId" '.repeat(n / 10)}`],
  ])('answers %s of 1 MB and 10 MB', (_kind, line) => {
    for (const size of [1_000_000, 10_000_000]) expect(sniffEventId(line(size))).toBeUndefined();
  });
  it('reads an id of 10 MB', () => {
    expect(sniffEventId(`{"eventId":"${'x'.repeat(10_000_000)}","orgId`)?.length).toBe(10_000_000);
  });

  test.prop([fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 })], { numRuns: 200 })(
    'reads the id of any line cut after it',
    (eventId, rest) => {
      const line = JSON.stringify({ type: 'DeviceActivated', eventId, orgId: rest });
      expect(sniffEventId(line.slice(0, line.length - 1 - JSON.stringify(rest).length + 2))).toBe(eventId);
    },
  );
});
