// Plain-text tables for terminals: columns padded to their widest cell, numbers right-aligned.

export type Align = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align: Align;
}

/** Rows of cells under a header; every line ends without trailing spaces. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  // A loop, not Math.max(...cells): a long table has more rows than a call can take as arguments.
  const widths = columns.map((column) => column.header.length);
  for (const row of rows) {
    columns.forEach((_, i) => {
      widths[i] = Math.max(widths[i] as number, (row[i] ?? '').length);
    });
  }
  const render = (cells: readonly string[]) =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] as number;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...rows.map(render)];
}
