/** What the log line and the report say about the request, from whichever framework. */
export interface RequestFacts {
  requestId: string;
  method: string;
  /** The path without its query string: queries carry tokens, and logs are kept. */
  path: string;
  /** The route pattern (`/api/users/:id`) when the framework matched one. */
  route: string | undefined;
}

/**
 * The path of a request URL, without the query string or fragment.
 * @example pathWithoutQuery('/reset?token=s3cret') // '/reset'
 */
export function pathWithoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
