/**
 * `${VAR}` and `${VAR:-default}` in config values; `$${` is a literal `${`. Runs on string values
 * after YAML parsing, so a variable's value is always text and can never add keys or structure.
 */

export type Interpolated =
  | { ok: true; value: string; variables: string[] }
  | { ok: false; message: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces variable references in `text` with values from `env`. An error names the variable,
 * never a value: values are often secrets.
 * @example interpolateEnv('Bearer ${TOKEN}', { TOKEN: 'abc' }) // { ok: true, value: 'Bearer abc', variables: ['TOKEN'] }
 */
export function interpolateEnv(text: string, env: NodeJS.ProcessEnv): Interpolated {
  let out = '';
  const variables: string[] = [];
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) break;
    out += text.slice(i, dollar);
    if (text.startsWith('$${', dollar)) {
      out += '${';
      i = dollar + 3;
      continue;
    }
    if (text[dollar + 1] !== '{') {
      out += '$';
      i = dollar + 1;
      continue;
    }
    const close = text.indexOf('}', dollar + 2);
    const inner = close === -1 ? undefined : text.slice(dollar + 2, close);
    const split = inner === undefined ? -1 : inner.indexOf(':-');
    const name = split === -1 ? inner : inner!.slice(0, split);
    if (inner === undefined || name === undefined || !NAME.test(name)) {
      return { ok: false, message: 'has a "${" that is not a variable reference; write ${NAME} or ${NAME:-default}, or $${ for a literal ${' };
    }
    const value = env[name];
    if (split !== -1) {
      // As in the shell, `:-` also replaces a variable that is set but empty.
      out += value === undefined || value === '' ? inner!.slice(split + 2) : value;
    } else if (value === undefined) {
      return { ok: false, message: `environment variable ${name} is not set (set it, or write \${${name}:-default} to give a default)` };
    } else {
      out += value;
    }
    variables.push(name);
    i = close + 1;
  }
  out += text.slice(i);
  return { ok: true, value: out, variables };
}
