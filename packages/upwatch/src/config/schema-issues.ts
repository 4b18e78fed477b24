import type { TObject, TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { unknownKeyMessage, type Issue, type Segment } from './field-path.js';

/**
 * Checks a value against a TypeBox object schema and words each problem for a person: one message
 * per field, using the field's `description` ("must be an http:// or https:// URL …").
 * @example schemaIssues(WebhookConfigSchema, { type: 'webhook' }, 'webhook notifier')
 */
export function schemaIssues(schema: TObject, value: unknown, what: string): Issue[] {
  const issues = new Map<string, Issue>();
  for (const error of Value.Errors(schema, value)) {
    const at: Segment[] = error.path.split('/').slice(1).map(unescapePointer);
    const key = JSON.stringify(at);
    if (issues.has(key)) continue;
    issues.set(key, { at, message: messageFor(error.type, error.schema, at, schema, what, error.message) });
  }
  return [...issues.values()];
}

function messageFor(type: ValueErrorType, fieldSchema: TSchema, at: Segment[], root: TObject, what: string, fallback: string): string {
  const hint = typeof fieldSchema.description === 'string' ? fieldSchema.description : undefined;
  switch (type) {
    case ValueErrorType.ObjectRequiredProperty:
      return hint === undefined ? 'is required' : `is required: ${hint}`;
    case ValueErrorType.ObjectAdditionalProperties:
      return at.length === 1 ? unknownKeyMessage(String(at[0]), Object.keys(root.properties), what) : 'is not allowed here';
    case ValueErrorType.Literal:
      return `must be ${JSON.stringify(fieldSchema.const)}`;
    case ValueErrorType.String:
    case ValueErrorType.StringPattern:
    case ValueErrorType.StringFormat:
      return hint === undefined ? 'must be text; put it in quotes' : `must be ${hint}`;
    case ValueErrorType.Object:
      return hint === undefined ? 'must be a map of keys to values' : `must be ${hint}`;
    default:
      return hint === undefined ? fallback.charAt(0).toLowerCase() + fallback.slice(1) : `must be ${hint}`;
  }
}

function unescapePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}
