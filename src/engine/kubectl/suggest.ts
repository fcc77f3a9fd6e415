// cobra's "Did you mean this?" (command.go SuggestionsFor): Levenshtein distance up to 2
// (SuggestionsMinimumDistance), or the typed word is a prefix of a command.

function levenshtein(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
    }
  }
  return d[a.length][b.length];
}

/** Commands close to what was typed, in the order given. */
export function suggestionsFor(typed: string, names: readonly string[]): string[] {
  const lower = typed.toLowerCase();
  return names.filter(
    (n) => levenshtein(lower, n.toLowerCase()) <= 2 || n.toLowerCase().startsWith(lower),
  );
}
