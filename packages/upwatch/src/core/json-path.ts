/**
 * A small JSONPath: `$`, then `.name`, `['name']` or `[index]` steps, such as `$.queue.depth` or
 * `$.items[0]['first-name']`. Enough to point at one value in a health endpoint's answer; no
 * wildcards or filters, which would make "the value" ambiguous.
 */
export type JsonPathStep = string | number;

/** The steps of a path, or undefined when it is not of the supported form. */
export function parseJsonPath(path: string): JsonPathStep[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: JsonPathStep[] = [];
  const step = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = step.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push((m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return steps;
}

/** The value at the path, or `{ found: false }` when a step is missing. */
export function valueAt(document: unknown, steps: readonly JsonPathStep[]): { found: true; value: unknown } | { found: false } {
  let node: unknown = document;
  for (const step of steps) {
    if (typeof step === 'number' ? !Array.isArray(node) || step >= node.length : typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, step)) {
      return { found: false };
    }
    node = (node as Record<string | number, unknown>)[step];
  }
  return { found: true, value: node };
}
