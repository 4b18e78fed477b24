/** One step into a config value: a map key or a list index. */
export type Segment = string | number;

/** A problem found in input, located by segments so the YAML loader can find its line. */
export interface Issue {
  at: Segment[];
  message: string;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Renders segments the way a person reads a path; keys that are not plain words are quoted so a
 * header such as `X.Api.Key` cannot be mistaken for nesting.
 * @example formatPath(['monitors', 2, 'expect', 'status', 0]) // 'monitors[2].expect.status[0]'
 */
export function formatPath(at: readonly Segment[]): string {
  let out = '';
  for (const segment of at) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * The known key closest to a misspelt one, when it is close enough to be a likely typo.
 * @example suggestKey('intervall', ['interval', 'timeout']) // 'interval'
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

/** The message for a key that is not allowed, with the likely intended key or the allowed ones. */
export function unknownKeyMessage(key: string, known: readonly string[], what: string): string {
  const guess = suggestKey(key, known);
  const lead = `"${key}" is not ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what} key`;
  return guess === undefined ? `${lead} (allowed: ${known.join(', ')})` : `${lead}; did you mean "${guess}"?`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
