import { NOTIFIER_TYPES, notifierConfigSchemas, type SecretShape } from '../notifiers/notifier-configs.js';
import type { Issue, Segment } from './field-path.js';
import { isPlainObject } from './input-readers.js';
import type { NotifierSettings } from './notifier-input.js';

/**
 * What the API shows in place of a secret. A form that sends it back unchanged keeps the stored
 * secret, so the dashboard can edit a notifier without ever holding its secrets.
 */
export const SECRET_PLACEHOLDER = '••••';

const PLACEHOLDER_MESSAGE = `holds the placeholder "${SECRET_PLACEHOLDER}" shown in place of a secret: send the real value (a PATCH that sends the placeholder back unchanged keeps the stored one)`;

/**
 * The settings with every secret of the type hidden: a whole value as ••••, a URL as its scheme
 * and host followed by /••••, each value of a header map as ••••.
 * @example maskSecrets('slack', { url: 'https://hooks.slack.com/services/T0/B0/x' }) // { url: 'https://hooks.slack.com/••••' }
 */
export function maskSecrets(type: string, settings: NotifierSettings): NotifierSettings {
  // A type this version does not know has no list of secrets: show none of its values.
  if (!(NOTIFIER_TYPES as string[]).includes(type)) return Object.fromEntries(Object.keys(settings).map((key) => [key, SECRET_PLACEHOLDER]));
  const masked = structuredClone(settings);
  for (const [key, shape] of secretsOf(type)) {
    const path = key.split('.');
    const value = valueAt(masked, path);
    if (value !== undefined) setAt(masked, path, maskValue(shape, value));
  }
  return masked;
}

/**
 * Puts the stored secrets back where `incoming` holds their placeholders unchanged, and reports a
 * placeholder that stands for nothing stored (a new notifier, a changed host) at its field, so it
 * never becomes the secret itself. `stored` is undefined for a new notifier.
 * @example restoreSecrets('slack', { url: 'https://hooks.slack.com/••••' }, stored.settings)
 */
export function restoreSecrets(type: string, incoming: NotifierSettings, stored: NotifierSettings | undefined): { settings: NotifierSettings; issues: Issue[] } {
  const settings = structuredClone(incoming);
  const issues: Issue[] = [];
  for (const [key, shape] of secretsOf(type)) {
    const path = key.split('.');
    const value = valueAt(settings, path);
    const kept = stored === undefined ? undefined : valueAt(stored, path);
    if (shape === 'map') {
      if (!isPlainObject(value)) continue;
      for (const [entry, text] of Object.entries(value)) {
        if (!holdsPlaceholder(text)) continue;
        const keptText = isPlainObject(kept) ? kept[entry] : undefined;
        if (text === SECRET_PLACEHOLDER && typeof keptText === 'string') value[entry] = keptText;
        else issues.push({ at: [...path, entry], message: PLACEHOLDER_MESSAGE });
      }
    } else if (holdsPlaceholder(value)) {
      if (kept !== undefined && value === maskValue(shape, kept)) setAt(settings, path, kept);
      else issues.push({ at: path, message: PLACEHOLDER_MESSAGE });
    }
  }
  return { settings, issues };
}

function secretsOf(type: string): Array<[string, SecretShape]> {
  const definition = (notifierConfigSchemas as Record<string, { secrets: Record<string, SecretShape> } | undefined>)[type];
  return Object.entries(definition?.secrets ?? {});
}

function maskValue(shape: SecretShape, value: unknown): unknown {
  if (shape === 'map') return isPlainObject(value) ? Object.fromEntries(Object.keys(value).map((key) => [key, SECRET_PLACEHOLDER])) : SECRET_PLACEHOLDER;
  if (shape === 'url' && typeof value === 'string') {
    // The host says which service it is; the path and query hold the token (Slack, Discord, Teams' sig=).
    try {
      const { origin } = new URL(value);
      return origin === 'null' ? SECRET_PLACEHOLDER : `${origin}/${SECRET_PLACEHOLDER}`;
    } catch {
      return SECRET_PLACEHOLDER;
    }
  }
  return SECRET_PLACEHOLDER;
}

function holdsPlaceholder(value: unknown): value is string {
  return typeof value === 'string' && value.includes(SECRET_PLACEHOLDER);
}

function valueAt(settings: NotifierSettings, path: readonly Segment[]): unknown {
  let node: unknown = settings;
  for (const segment of path) {
    if (!isPlainObject(node)) return undefined;
    node = node[segment];
  }
  return node;
}

function setAt(settings: NotifierSettings, path: readonly Segment[], value: unknown): void {
  let node: Record<string, unknown> = settings;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (!isPlainObject(next)) return;
    node = next;
  }
  node[path[path.length - 1]!] = value;
}
