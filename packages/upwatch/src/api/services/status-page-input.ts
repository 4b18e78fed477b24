import { Type, type Static } from '@sinclair/typebox';
import { formatPath } from '../../config/field-path.js';
import { schemaIssues } from '../../config/schema-issues.js';
import type { FieldError } from '../../core/errors.js';
import { STATUS_PAGE_SLUG } from '../../core/status-page.js';

// Descriptions finish "must be …" and "is required: …" in schemaIssues' messages.
const GROUP = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'the group\'s name, 1 to 100 characters' }),
    monitors: Type.Array(Type.String({ minLength: 1, description: 'a monitor\'s name or id' }), { maxItems: 500, description: 'a list of at most 500 monitor names or ids' }),
  },
  { additionalProperties: false, description: 'a group: { name, monitors: [monitor names or ids] }' },
);

/** A status page as the API takes it: POST sends every required key, PATCH any of them. */
export const StatusPageInputSchema = Type.Object(
  {
    slug: Type.String({ pattern: STATUS_PAGE_SLUG.source, description: 'the page\'s address: 1 to 64 lowercase letters, digits and dashes, such as "acme-api"' }),
    title: Type.String({ minLength: 1, maxLength: 200, description: 'the page\'s heading, 1 to 200 characters' }),
    description: Type.Optional(Type.String({ maxLength: 2_000, description: 'text of at most 2,000 characters, shown under the title' })),
    groups: Type.Array(GROUP, { maxItems: 50, description: 'a list of at most 50 groups, each { name, monitors: [monitor names or ids] }' }),
  },
  { additionalProperties: false },
);
const StatusPagePatchSchema = Type.Partial(StatusPageInputSchema, { additionalProperties: false });

export type StatusPageInput = Static<typeof StatusPageInputSchema>;

/**
 * A status page's input checked against its schema, texts trimmed; or every problem, by field.
 * Monitors are still names or ids here: resolvePageGroups finds them.
 * @example parseStatusPageInput({ slug: 'acme', title: 'Acme', groups: [{ name: 'API', monitors: ['api'] }] }, 'whole')
 */
export function parseStatusPageInput<M extends 'whole' | 'patch'>(
  raw: unknown,
  mode: M,
): { ok: true; input: M extends 'whole' ? StatusPageInput : Partial<StatusPageInput> } | { ok: false; errors: FieldError[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ path: '(body)', message: 'must be an object with slug, title, description and groups' }] };
  }
  // A null description is no description, as a client that clears a field sends it.
  if ((raw as { description?: unknown }).description === null) raw = { ...raw, description: '' };
  const issues = schemaIssues(mode === 'whole' ? StatusPageInputSchema : StatusPagePatchSchema, raw, 'status page');
  // schemaIssues reads list indexes out of a JSON pointer, as text: `groups[1]`, not `groups["1"]`.
  const errors: FieldError[] = issues.map((issue) => ({ path: formatPath(issue.at.map((s) => (typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : s))) || '(body)', message: issue.message }));
  if (errors.length > 0) return { ok: false, errors };
  const input = { ...(raw as Partial<StatusPageInput>) };
  if (input.title !== undefined) input.title = input.title.trim();
  if (input.title === '') errors.push({ path: 'title', message: 'must have some text besides spaces' });
  if (input.description !== undefined) input.description = input.description.trim();
  if (input.groups) {
    const seen = new Map<string, number>();
    input.groups = input.groups.map((group, i) => {
      const name = group.name.trim();
      if (name === '') errors.push({ path: `groups[${i}].name`, message: 'must have some text besides spaces' });
      else if (seen.has(name)) errors.push({ path: `groups[${i}].name`, message: `"${name}" is already the name of groups[${seen.get(name)}]` });
      seen.set(name, i);
      return { name, monitors: group.monitors };
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, input: input as never };
}
