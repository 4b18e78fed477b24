/**
 * Typed errors with stable codes. Code branches on `code`, never on `message`; codes become HTTP
 * statuses in exactly one place (api/error-handler.ts).
 */
export type UpwatchErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'READ_ONLY'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'CONFIG_INVALID';

export interface FieldError {
  /** The field path as a person reads it: `monitors[2].interval`, `expect.status[0]`. */
  path: string;
  message: string;
  /** 1-based line in the config file, when the error comes from one. */
  line?: number;
}

export class UpwatchError extends Error {
  readonly code: UpwatchErrorCode;
  readonly fields: FieldError[];

  constructor(code: UpwatchErrorCode, message: string, options: { cause?: unknown; fields?: FieldError[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UpwatchError';
    this.code = code;
    this.fields = options.fields ?? [];
  }
}

export function isUpwatchError(err: unknown): err is UpwatchError {
  return err instanceof UpwatchError;
}

/** A VALIDATION error whose message names the first field, for clients that read only `message`. */
export function validationError(fields: FieldError[]): UpwatchError {
  const first = fields[0];
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  return new UpwatchError('VALIDATION', first ? `${first.path}: ${first.message}${more}` : 'the input is not valid', { fields });
}
