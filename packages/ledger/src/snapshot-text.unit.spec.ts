// The text form of a timeline's columns gives back every number exactly (NaN, infinities, -0,
// fractions), whatever the lengths, alone (Float64 bytes) or packed (deltas); text that is not
// whole Float64 values is refused, and so is a packed column of no known encoding (the Float64
// parts of ORG_STATE_VERSION 1: such a snapshot is not read at all, see decider-snapshots).
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { packDocument, timelineFromText, timelineToText, unpackDocument } from './snapshot-text.js';

const base = { devices: ['d-1'], archives: [], users: ['u-1'], scalars: { latestMs: '-Infinity' } };

describe('timeline snapshot text', () => {
  test.prop([
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.array(fc.double(), { maxLength: 50 })),
  ])('columns come back bit for bit through JSON text', (columns) => {
    const typed = Object.fromEntries(
      Object.entries(columns).map(([name, values]) => [name, new Float64Array(values)]),
    );
    const text = JSON.stringify(timelineToText({ ...base, columns: typed }));
    const back = timelineFromText(JSON.parse(text));
    for (const [name, values] of Object.entries(typed)) {
      expect(Object.is(back.columns[name]?.length, values.length)).toBe(true);
      for (const [i, value] of values.entries()) expect(Object.is(back.columns[name]?.[i], value)).toBe(true);
    }
    expect(back.devices).toEqual(base.devices);
  });

  test.prop([
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.array(fc.double(), { maxLength: 50 })),
    fc.jsonValue(),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 6 }),
  ])('a packed document gives back its header, ids and every column bit for bit', (columns, extra, users) => {
    const typed = Object.fromEntries(
      Object.entries(columns).map(([name, values]) => [name, new Float64Array(values)]),
    );
    const parts: string[] = [];
    const ids = { ...base, users, devices: users.map((id) => `d${id}`) };
    const text = packDocument({ extra, timeline: timelineToText({ ...ids, columns: typed }, parts) }, parts);
    const { header, parts: read } = unpackDocument(text);
    const { extra: extraBack, timeline } = header as {
      extra: unknown;
      timeline: Parameters<typeof timelineFromText>[0];
    };
    expect(extraBack).toEqual(JSON.parse(JSON.stringify(extra ?? null)));
    const back = timelineFromText(timeline, read);
    expect([back.devices, back.archives, back.users]).toEqual([ids.devices, [], users]);
    for (const [name, values] of Object.entries(typed)) {
      expect(back.columns[name]?.length).toBe(values.length);
      for (const [i, value] of values.entries()) expect(Object.is(back.columns[name]?.[i], value)).toBe(true);
    }
  });

  it('reads a document that is not packed as JSON, and refuses a packed one cut short', () => {
    expect(unpackDocument('{"a":[1,2]}')).toEqual({ header: { a: [1, 2] }, parts: [] });
    const text = packDocument({ a: 1 }, ['AAAAAAAAAAA=', 'AAAAAAAAAAA=']);
    expect(unpackDocument(text).parts).toEqual(['AAAAAAAAAAA=', 'AAAAAAAAAAA=']);
    expect(() => unpackDocument(text.slice(0, -3))).toThrow(/do not add up/);
  });

  it('a packed column is its deltas; a part of no known encoding is refused', () => {
    const values = new Float64Array([0, 1, Number.NaN, 1_767_225_600_000, 1_767_225_660_000]);
    const parts: string[] = [];
    const text = timelineToText({ ...base, columns: { changeMs: values } }, parts);
    const part = parts[(text.columns.changeMs as { part: number }).part];
    // One byte each for the small integers and NaN, 7 for the first instant, 3 for the next.
    expect(Buffer.from(part as string, 'base64').length).toBe(13);
    expect([...(timelineFromText(text, parts).columns.changeMs ?? [])]).toEqual([...values]);
    // Instants of whole seconds: their deltas in seconds (5 bytes, then 2).
    const seconds = new Float64Array([1_767_225_600_000, 1_767_225_660_000, Number.NaN]);
    const secondParts: string[] = [];
    const secondText = timelineToText({ ...base, columns: { changeMs: seconds } }, secondParts);
    const secondPart = secondParts[(secondText.columns.changeMs as { part: number }).part];
    expect(Buffer.from(secondPart as string, 'base64').length).toBe(8);
    expect([...(timelineFromText(secondText, secondParts).columns.changeMs ?? [])]).toEqual([...seconds]);
    const float64 = Buffer.from(values.buffer).toString('base64');
    expect(() =>
      timelineFromText({ ...base, columns: { changeMs: { part: 0 } } } as never, [float64]),
    ).toThrow(/no known encoding/);
  });

  it('refuses a column that is not whole Float64 values', () => {
    expect(() => timelineFromText({ ...base, columns: { changeMs: 'AAAA' } })).toThrow(/whole Float64/);
    expect(() => timelineFromText({ ...base, columns: { changeMs: 5 as unknown as string } })).toThrow(
      /base64/,
    );
  });
});
