// The text form of a timeline's columns gives back every number exactly (NaN, infinities, -0,
// fractions), whatever the lengths; text that is not whole Float64 values is refused.
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

  it('refuses a column that is not whole Float64 values', () => {
    expect(() => timelineFromText({ ...base, columns: { changeMs: 'AAAA' } })).toThrow(/whole Float64/);
    expect(() => timelineFromText({ ...base, columns: { changeMs: 5 as unknown as string } })).toThrow(
      /base64/,
    );
  });
});
