/**
 * A flat two-part badge, label on grey and message on a colour, the kind people paste into a
 * README. Text widths come from a per-character table of Verdana at 11 px (what badge renderers
 * measure with), so a badge fits its text without a font on the server.
 */

export const BADGE_COLORS = {
  green: '#4c1',
  yellowgreen: '#a4a61d',
  yellow: '#dfb317',
  orange: '#fe7d37',
  red: '#e05d44',
  grey: '#9f9f9f',
} as const;

export type BadgeColor = keyof typeof BADGE_COLORS;

const PADDING = 6;

/**
 * @example badgeSvg('api', 'up', 'green') // '<svg xmlns=… width="…" … aria-label="api: up">…'
 */
export function badgeSvg(label: string, message: string, color: BadgeColor): string {
  const labelWidth = textWidth(label) + 2 * PADDING;
  const messageWidth = textWidth(message) + 2 * PADDING;
  const width = labelWidth + messageWidth;
  const l = escapeXml(label);
  const m = escapeXml(message);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${l}: ${m}">`,
    `<title>${l}: ${m}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${BADGE_COLORS[color]}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
    `<text x="${labelWidth / 2}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${labelWidth / 2}" y="14">${l}</text>`,
    `<text x="${labelWidth + messageWidth / 2}" y="15" fill="#010101" fill-opacity=".3">${m}</text><text x="${labelWidth + messageWidth / 2}" y="14">${m}</text>`,
    '</g></svg>',
  ].join('');
}

// Advance widths of Verdana 11 px, rounded; anything not listed counts as a wide letter.
const NARROW = new Set([...'fijlrtI!.,:;|\'()[] ']);
const WIDE = new Set([...'mwMW%@']);

function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += NARROW.has(ch) ? 4 : WIDE.has(ch) ? 10 : /[0-9a-z]/.test(ch) ? 7 : 8;
  return width;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
