// Plain-text tables for the demo: columns padded to their widest cell, numbers right-aligned.

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const renderRow = (cells: readonly string[]) =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [renderRow(columns.map((column) => column.header)), rule, ...rows.map(renderRow)].join('\n');
}

/** Joins words that `wrap` must keep on one line ("48 h"). */
export const NO_BREAK = '\u00a0';

/** `text` broken at spaces into lines of at most `width` columns (a longer word stays whole);
 * `NO_BREAK` is printed as a space but never broken at. The first line starts with `first`, the
 * others with `rest`. */
export function wrap(text: string, width: number, rest = '', first = rest): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ').map((w) => w.replaceAll(NO_BREAK, ' '))) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}
