// Splits a command line into words as a POSIX shell does: single quotes keep everything,
// double quotes keep spaces and honour \" \\ \$, a backslash outside quotes escapes one char.

/** Thrown for a line a shell could not parse (an unterminated quote). */
export class ShellSyntaxError extends Error {}

/** `splitCommandLine("get pods -l 'app in (a,b)'")` → `['get', 'pods', '-l', 'app in (a,b)']`. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      for (;;) {
        if (i >= line.length) {
          throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
        }
        const c = line[i];
        if (c === '"') break;
        if (c === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1])) {
          word += line[i + 1];
          i += 2;
          continue;
        }
        word += c;
        i++;
      }
      inWord = true;
      i++;
    } else if (ch === '\\') {
      if (i + 1 < line.length && line[i + 1] !== '\n') word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
