import { randomFillSync, randomUUID } from 'node:crypto';
import { USER_AGENT } from './user-agent.js';

/** The ids one check sends, so the server's logs and traces can be searched for it. */
export interface TraceIds {
  requestId: string;
  /** 32 hex digits, the W3C trace id. */
  traceId: string;
  /** 16 hex digits, our span. */
  spanId: string;
}

/** Fresh ids for one check. */
export function newTraceIds(): TraceIds {
  return { requestId: randomUUID(), traceId: randomHex(16), spanId: randomHex(8) };
}

// Random bytes drawn from a pool filled 4 KiB at a time, as randomUUID does: a call into the
// system's generator per id cost about 4% of a check's CPU at 500 checks a second.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

// Ours win over a monitor's header of the same name: the result must report the ids actually sent.
const OWN_HEADERS = new Set(['x-request-id', 'traceparent', 'sentry-trace']);

/**
 * The monitor's headers plus the request id, W3C `traceparent` and Sentry `sentry-trace` (both not
 * sampled: a health check should not fill anyone's tracing quota), and the User-Agent: the
 * monitor's `userAgent`, else its own User-Agent header, else ours.
 * @example requestHeaders({ Accept: 'text/html' }, newTraceIds())
 */
export function requestHeaders(monitorHeaders: Record<string, string>, ids: TraceIds, userAgent: string | null = null): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(monitorHeaders)) {
    if (!OWN_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  const hasOwn = Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent');
  // Config refuses user_agent together with a User-Agent header; a hand-built spec may still hold both.
  if (userAgent !== null) {
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'user-agent') delete headers[name];
    headers['user-agent'] = userAgent;
  } else if (!hasOwn) headers['user-agent'] = USER_AGENT;
  headers['x-request-id'] = ids.requestId;
  headers['traceparent'] = `00-${ids.traceId}-${ids.spanId}-00`;
  headers['sentry-trace'] = `${ids.traceId}-${ids.spanId}-0`;
  return headers;
}
