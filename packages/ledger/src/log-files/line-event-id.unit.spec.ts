// The reading thread records each line's id with eventIdOfLine while the main thread decodes the
// line: for every line the decoder accepts, the two must read the same id, or a repeated id
// could pass (or a new one be refused).
import { fc, test } from '@fast-check/vitest';
import { createLogDecoder, serializeEvent, type TallyEvent } from '@tally/domain';
import { arbTallyEvent } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { eventIdOfLine } from './line-event-id.js';

const decoder = createLogDecoder();

/** The id the decoder reads from `line`, or undefined when it refuses the line. */
function decodedId(line: Buffer): string | undefined {
  const decoded = decoder.decodeLineBytes(line, 0, line.length, 1);
  return decoded._tag === 'Right' ? decoded.right.eventId : undefined;
}

/** Whatever is around the line in its chunk must not be read. */
function idInChunk(line: Buffer, before: string, after: string): string | undefined {
  const chunk = Buffer.concat([Buffer.from(before), line, Buffer.from(after)]);
  return eventIdOfLine(chunk, Buffer.byteLength(before), Buffer.byteLength(before) + line.length);
}

const arbEventId = fc.oneof(
  fc.uuid(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
  fc.constantFrom('d-1', 'a\\b', 'quote"d', '\u0000', '\u007f', 'é', '\ud800', ''),
);
const arbEvent = fc
  .tuple(arbTallyEvent(), arbEventId)
  .map(([event, eventId]): TallyEvent => ({ ...event, eventId }));

/** The same event in another spelling: keys in another order, white space, every character of
 * the id escaped (or not), and the id written before or after the type. */
const arbRespelled = fc
  .tuple(arbEvent, fc.boolean(), fc.boolean(), fc.constantFrom('', ' ', '\t', '\n  '))
  .map(([event, escapeId, idFirst, space]) => {
    const json = JSON.parse(serializeEvent(event)) as Record<string, unknown>;
    const keys = Object.keys(json).filter((key) => key !== 'eventId' && key !== 'type');
    const idText = escapeId
      ? `"${[...String(json.eventId)].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
      : JSON.stringify(json.eventId);
    const head = idFirst
      ? [`"eventId":${space}${idText}`, `"type":${JSON.stringify(json.type)}`]
      : [`"type":${JSON.stringify(json.type)}`, `"eventId":${space}${idText}`];
    const rest = keys.reverse().map((key) => `${JSON.stringify(key)}:${space}${JSON.stringify(json[key])}`);
    return Buffer.from(`{${space}${[...head, ...rest].join(`,${space}`)}${space}}`);
  });

describe('eventIdOfLine', () => {
  test.prop([arbEvent, fc.string(), fc.string()], { numRuns: 400 })(
    'reads the id the decoder reads from a line as the ledger writes it, whatever is around it',
    (event, before, after) => {
      const line = Buffer.from(serializeEvent(event));
      const decoded = decodedId(line);
      if (decoded !== undefined) expect(idInChunk(line, before, after)).toBe(decoded);
    },
  );

  test.prop([arbRespelled], { numRuns: 400 })('reads the same id from any other spelling', (line) => {
    const decoded = decodedId(line);
    if (decoded !== undefined) expect(eventIdOfLine(line, 0, line.length)).toBe(decoded);
  });

  test.prop([arbEvent, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 })], {
    numRuns: 600,
  })('agrees with the decoder on every mutated line the decoder still accepts', (event, mutations) => {
    const line = Buffer.from(serializeEvent(event));
    for (const [at, byte] of mutations) line[at % line.length] = byte;
    const decoded = decodedId(line);
    if (decoded !== undefined) expect(eventIdOfLine(line, 0, line.length)).toBe(decoded);
  });

  it('reads the id of a usual line from its bytes, and of others through JSON', () => {
    const line = Buffer.from('{"type":"DeviceActivated","eventId":"e-1","orgId":"o"}');
    expect(eventIdOfLine(line, 0, line.length)).toBe('e-1');
    const escaped = Buffer.from('{"type":"DeviceActivated","eventId":"e\\u002d1"}');
    expect(eventIdOfLine(escaped, 0, escaped.length)).toBe('e-1');
    const other = Buffer.from('{"orgId":"o","eventId":"é-1","type":"X"}');
    expect(eventIdOfLine(other, 0, other.length)).toBe('é-1');
  });

  it('gives undefined, never throws, for a line without an id to read', () => {
    for (const text of ['', 'not json', '[1,2]', 'null', '{"eventId":7}', '{"type":"A","eventId":"x']) {
      const line = Buffer.from(text);
      expect(eventIdOfLine(line, 0, line.length)).toBeUndefined();
    }
  });
});
