// describe.go PrefixWriter: text written at an indentation level (two spaces per level) into
// a tabwriter that kubectl describe flushes as one block (tabbedString).
import { DESCRIBE_TABWRITER, formatTabbed } from '../tabwriter';

/** describe.go LEVEL_0 … LEVEL_4. */
export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/**
 * Collects describe output; `flush()` aligns what was written so far on its own, as Go's
 * tabwriter.Flush does (DescribeEvents flushes before its table).
 */
export class PrefixWriter {
  private flushed = '';
  private pending = '';

  /** Writes text after `level` indentation steps (only at the start of this write). */
  write(level: number, text: string): void {
    this.pending += '  '.repeat(level) + text;
  }

  /** fmt.Sprintln: the text and a newline, no indentation. */
  writeLine(text = ''): void {
    this.pending += `${text}\n`;
  }

  flush(): void {
    this.flushed += formatTabbed(this.pending, DESCRIBE_TABWRITER);
    this.pending = '';
  }

  /** Everything written, aligned. */
  text(): string {
    this.flush();
    return this.flushed;
  }
}

/** describe.go tabbedString: runs `f` against a fresh writer and returns the aligned text. */
export function tabbedString(f: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  f(w);
  return w.text();
}
