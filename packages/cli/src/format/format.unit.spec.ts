import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from './csv.js';
import { renderTable } from './table.js';

/** A tiny RFC 4180 reader, to check the writer round-trips. */
function readRecord(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else {
      while (text[i] !== ',' && !(text[i] === '\r' && text[i + 1] === '\n')) field += text[i++];
    }
    fields.push(field);
    if (text[i] === ',') i++;
    else return fields;
  }
}

describe('csv', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  test.prop([fc.array(fc.string(), { minLength: 1, maxLength: 6 })], { numRuns: 150 })(
    'records read back to their fields',
    (fields) => {
      const record = csvRecord(fields);
      expect(record.endsWith('\r\n')).toBe(true);
      expect(readRecord(record)).toEqual(fields);
    },
  );
});

describe('renderTable', () => {
  it('pads columns to the widest cell and right-aligns numbers', () => {
    expect(
      renderTable(
        [
          { header: 'NAME', align: 'left' },
          { header: 'N', align: 'right' },
        ],
        [
          ['a', '100'],
          ['longer', '2'],
        ],
      ),
    ).toEqual(['NAME      N', 'a       100', 'longer    2']);
  });
});
