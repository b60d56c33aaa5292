// "did you mean …?" for a mistyped name: a known name containing it (alg-none → accept-alg-none),
// else the closest by edit distance, if it is close enough to be a typo.

export function didYouMean(name: string, known: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  if (!wanted) return undefined;
  const containing = known.filter((k) => k.toLowerCase().includes(wanted));
  if (containing.length) return containing.sort((a, b) => a.length - b.length)[0];
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(wanted, k.toLowerCase());
    if (!best || distance < best.distance) best = { name: k, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(wanted.length / 3)) ? best.name : undefined;
}

/** ` (did you mean x?)`, or nothing. */
export function suggestion(name: string, known: readonly string[]): string {
  const match = didYouMean(name, known);
  return match ? ` (did you mean ${match}?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
