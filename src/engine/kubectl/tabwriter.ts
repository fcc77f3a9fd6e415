// Go's text/tabwriter (elastic tabstops) as kubectl uses it: cells are tab-terminated, the
// last cell of a line is not part of a column, and a column block is a run of consecutive
// lines that have a cell in that column.

export interface TabWriterOptions {
  minWidth: number;
  padding: number;
}

/** cli-runtime printers/tabwriter.go: minwidth 6, tabwidth 4, padding 3, padchar ' '. */
export const GET_TABWRITER: TabWriterOptions = { minWidth: 6, padding: 3 };

/** kubectl describe's tabbedString: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export const DESCRIBE_TABWRITER: TabWriterOptions = { minWidth: 0, padding: 2 };

// Go counts runes (utf8.RuneCount), not UTF-16 units.
function width(s: string): number {
  return [...s].length;
}

// tabwriter.go format: a column narrower than remembered takes the remembered width; a wider
// one becomes the new remembered width.
function rememberWidth(remembered: number[], widths: number[], w: number): number {
  if (remembered.length < widths.length) remembered.push(...widths.slice(remembered.length));
  const column = widths.length;
  if (remembered.length === column) remembered.push(w);
  else if (remembered[column] > w) return remembered[column];
  else remembered[column] = w;
  return w;
}

/**
 * Aligns tab-separated text: `formatTabbed('a\tbb\nccc\td\n', GET_TABWRITER)`.
 * Text after the last newline is kept as is (Go flushes it unterminated too).
 * With `remembered` (liggitt/tabwriter RememberWidths, as `get -w` uses it), each column is at
 * least as wide as it was in earlier flushes, and the array keeps the widest seen per column.
 */
export function formatTabbed(
  text: string,
  options: TabWriterOptions,
  remembered?: number[],
): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  let out = '';

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      cells.forEach((cell, j) => {
        out += cell;
        if (j < widths.length) out += ' '.repeat(Math.max(0, widths[j] - width(cell)));
      });
      if (i + 1 < lines.length) out += '\n';
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= lines[row].length - 1) continue;
      writeLines(line0, row);
      line0 = row;
      let w = options.minWidth;
      for (; row < line1; row++) {
        const cells = lines[row];
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column]) + options.padding);
      }
      if (remembered) w = rememberWidth(remembered, widths, w);
      widths.push(w);
      format(line0, row);
      widths.pop();
      line0 = row;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}
