/**
 * HTML built from template literals, escaped by default. Every interpolated value is escaped
 * unless it is itself `Html` (made by `html` or `raw`), so a monitor's name or an incident's text
 * can never become markup; arrays are joined, and null, undefined and false render nothing.
 *
 * @example
 * const page = html`<h1>${title}</h1><ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
 * reply.type('text/html').send(page.toString());
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Markup trusted as it is: only for strings this code made, never for input. */
export function raw(markup: string): Html {
  return new Html(markup);
}
