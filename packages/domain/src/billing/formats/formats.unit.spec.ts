import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, isFormulaLike } from './csv.js';
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
    'records read back to their fields (a formula-like field behind its apostrophe)',
    (fields) => {
      const record = csvRecord(fields);
      expect(record.endsWith('\r\n')).toBe(true);
      expect(readRecord(record)).toEqual(fields.map((field) => (isFormulaLike(field) ? `'${field}` : field)));
    },
  );

  it('guards the cells a spreadsheet would run as formulas (OWASP)', () => {
    expect(csvField('=1+2')).toBe(`"'=1+2"`);
    expect(csvField('+1+2')).toBe(`"'+1+2"`);
    expect(csvField('-2+3')).toBe(`"'-2+3"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\t=cmd')).toBe(`"'\t=cmd"`);
    expect(csvField('\r=cmd')).toBe(`"'\r=cmd"`);
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    // Amounts and quantities stay numbers.
    expect(csvField('-10.00')).toBe('-10.00');
    expect(csvField('12')).toBe('12');
    expect(csvField('a=1')).toBe('a=1');
  });

  // Hostile strings: formula starts, quotes, separators and line breaks anywhere.
  const hostile = fc
    .array(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'", '1', '.', 'a', ' '), {
      maxLength: 12,
    })
    .map((parts) => parts.join(''));

  test.prop([fc.array(fc.oneof(hostile, fc.string()), { minLength: 1, maxLength: 6 })], { numRuns: 300 })(
    'no cell of a record reads back as a formula',
    (fields) => {
      for (const cell of readRecord(csvRecord(fields))) {
        const formula = /^[=+\-@\t\r]/.test(cell) && !/^[+-]?[0-9]+(?:\.[0-9]+)?$/.test(cell);
        expect(formula, JSON.stringify(cell)).toBe(false);
      }
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

  it('renders 200,000 rows (more than a call can take as arguments)', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [String(i)]);
    const lines = renderTable([{ header: 'N', align: 'right' }], rows);
    expect(lines.length).toBe(200_001);
    expect(lines.at(-1)).toBe('199999');
    expect(lines[1]).toBe('     0');
  });
});
