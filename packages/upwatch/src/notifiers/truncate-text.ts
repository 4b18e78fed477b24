/**
 * Cuts `text` to at most `max` UTF-16 units, the ellipsis included, never between the two halves
 * of an emoji. Providers count length in UTF-16 units or in characters; UTF-16 never counts fewer,
 * so a cut text always fits their limit.
 * @example truncateText('checkout is DOWN: HTTP 502 …', 12) // 'checkout is…'
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * The same for text already escaped with backslashes (Discord's and Teams' markdown): the cut never
 * leaves an odd backslash that would escape the ellipsis instead of its own symbol.
 */
export function truncateEscapedText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = truncateText(text, max).slice(0, -1);
  const backslashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  return `${backslashes % 2 === 1 ? cut.slice(0, -1) : cut}…`;
}
