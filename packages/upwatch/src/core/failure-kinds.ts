/**
 * Every failed check gets exactly one kind. The explanations are what a tired person reads in an
 * alert at 3 a.m.: what the failure means in plain words, and the next thing to do about it.
 */

export const FAILURE_KINDS = [
  'http_500',
  'http_502',
  'http_503',
  'http_504',
  'http_5xx',
  'http_4xx',
  'timeout',
  'connection_refused',
  'connection_reset',
  'dns',
  'tls',
  'redirect_loop',
  'assertion',
  'heartbeat_late',
  'heartbeat_failed',
  'heartbeat_overrun',
  'dns_nxdomain',
  'dns_servfail',
  'dns_mismatch',
  'degraded',
  'error',
] as const;

export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface FailureExplanation {
  /** A short title: "HTTP 500: unhandled error in the application". */
  title: string;
  /** What it means, in plain words. */
  meaning: string;
  /** The next step to take. */
  nextStep: string;
}

export const FAILURE_EXPLANATIONS = {
  http_500: {
    title: 'HTTP 500: the application hit an error it did not handle',
    meaning:
      'The application threw an unhandled exception: often a null or missing record, a lost or exhausted database connection, missing configuration or environment variables, or running out of memory or disk. A 500 carries no detail on purpose; the cause is in the server logs.',
    nextStep: 'Search the server logs for the request id below, then look at the most recent deploy or configuration change.',
  },
  http_502: {
    title: 'HTTP 502: the proxy got a bad answer from the upstream',
    meaning:
      'A proxy or gateway (load balancer, nginx, CDN) answered, but the application behind it gave an invalid response or none: it has crashed, is restarting, or listens on another port than the proxy expects.',
    nextStep: 'Check that the application process is running and healthy, and that the proxy points at the right host and port.',
  },
  http_503: {
    title: 'HTTP 503: the service is unavailable',
    meaning:
      'The server says it cannot take requests right now: overloaded, out of workers, or in maintenance. A Retry-After header, when present, says when to come back.',
    nextStep: 'Check load, worker and connection pool limits and any maintenance in progress; scale out if it is overload.',
  },
  http_504: {
    title: 'HTTP 504: the upstream timed out behind a gateway',
    meaning:
      'A proxy or gateway waited for the application behind it and gave up: the application is hanging, stuck on a slow query or a slow dependency, or overloaded.',
    nextStep: 'Look for slow queries, blocked workers or a slow downstream service in the application, around the time of the request id below.',
  },
  http_5xx: {
    title: 'Server error',
    meaning: 'The server answered with a 5xx status: a fault on the server side, not in the request.',
    nextStep: 'Search the server logs for the request id below.',
  },
  http_4xx: {
    title: 'Unexpected client error',
    meaning:
      'The server refused the request with a 4xx status: a route was moved or removed, authentication changed, or the monitor is configured with a wrong URL, method or header.',
    nextStep: 'Compare the monitor\'s URL, method and headers with the current routes and auth of the application; check the latest deploy.',
  },
  timeout: {
    title: 'Timed out',
    meaning:
      'The server did not answer within the monitor\'s timeout: the host is unreachable or firewalled, the application hangs, or it is far slower than usual.',
    nextStep: 'Check whether the host is reachable and the application responsive; the phase it stopped in (connect, first byte, body) says where.',
  },
  connection_refused: {
    title: 'Connection refused',
    meaning: 'The host answered, but nothing listens on that port: the application is not running, crashed, or listens elsewhere.',
    nextStep: 'Start or restart the application, and check that it listens on the monitored host and port.',
  },
  connection_reset: {
    title: 'Connection reset',
    meaning:
      'The connection was cut in the middle of the exchange: the process crashed while answering, a proxy or firewall dropped it, or the server closed it before sending a full response.',
    nextStep: 'Look for crashes or restarts of the application and for proxy or firewall limits at that time.',
  },
  dns: {
    title: 'DNS lookup failed',
    meaning:
      'The host name could not be turned into an address: either the name does not exist (a typo, an expired domain, a deleted record) or the resolver could not answer.',
    nextStep: 'Check the DNS records of the domain and the resolver this machine uses (dig the name).',
  },
  tls: {
    title: 'TLS certificate or handshake problem',
    meaning:
      'The secure connection could not be set up: the certificate has expired, does not cover this host name, or is not signed by a trusted authority (self-signed or missing intermediate).',
    nextStep: 'Renew or fix the certificate and its chain on the server; check it with `openssl s_client -connect host:443 -servername host`.',
  },
  redirect_loop: {
    title: 'Too many redirects',
    meaning: 'The server kept redirecting: a redirect loop (often http↔https or a trailing slash rule) or a chain longer than the monitor follows.',
    nextStep: 'Follow the redirect chain shown below and fix the rule that loops.',
  },
  assertion: {
    title: 'Unexpected answer',
    meaning: 'The server answered, but not what the monitor expects: another status code, or the body lacks the expected text.',
    nextStep: 'Compare what was seen with what the monitor expects; a deploy may have changed the page or the status.',
  },
  heartbeat_late: {
    title: 'Heartbeat missed: the job did not report in time',
    meaning:
      'The job or worker that pings this monitor did not ping within its schedule and grace time: it did not run (cron stopped, the host is down, the schedule changed), it hangs, or it runs but can no longer reach upwatch.',
    nextStep: 'Check that the job is still scheduled on its host and look at its last run\'s logs; run it by hand to see whether it finishes and pings.',
  },
  heartbeat_failed: {
    title: 'The job reported a failure',
    meaning: 'The job called its /fail ping URL: it ran, but says it did not succeed. Its message, when it sent one, is below.',
    nextStep: 'Read the message below and the job\'s own logs for that run, fix the cause, and run it again.',
  },
  heartbeat_overrun: {
    title: 'The job is running too long',
    meaning: 'The job pinged /start but has not finished within max_runtime: it hangs, waits on a lock or a slow dependency, or the work has grown beyond what the limit allows.',
    nextStep: 'Look at the running job on its host (is it stuck, on what?); raise max_runtime if the job has simply grown.',
  },
  dns_nxdomain: {
    title: 'DNS: the name does not exist (NXDOMAIN)',
    meaning: 'The resolver answered that this name does not exist: the record was deleted, the domain expired or lost its delegation, or the name is misspelt.',
    nextStep: 'Check the zone at your DNS provider and the domain\'s registration; `dig <name> <record>` against the resolver shows the answer.',
  },
  dns_servfail: {
    title: 'DNS: the resolver failed (SERVFAIL)',
    meaning: 'The resolver could not get an answer: the authoritative servers are down or unreachable, DNSSEC validation failed, or the zone is broken.',
    nextStep: 'Query the authoritative servers directly (`dig +trace <name>`) and check DNSSEC signatures and the zone\'s NS records.',
  },
  dns_mismatch: {
    title: 'DNS: unexpected answer',
    meaning: 'The name resolves, but not to the values the monitor expects: a record was changed, a failover happened, or the domain was hijacked.',
    nextStep: 'Compare the answer below with the expected values; if nobody changed the record, treat it as a security incident.',
  },
  degraded: {
    title: 'Slow response',
    meaning: 'The endpoint answered correctly but slower than the monitor\'s max_response_time. It is up, but users feel it.',
    nextStep: 'Look at the timing breakdown: a slow connect points at the network, a slow first byte at the application or its database.',
  },
  error: {
    title: 'The check could not run',
    meaning: 'The request failed for a reason that is none of the known kinds.',
    nextStep: 'Read the error message below; run `upwatch check <url>` by hand to reproduce it.',
  },
} as const satisfies Record<FailureKind, FailureExplanation>;

/** The explanation as one paragraph, the form alerts and the CLI print. */
export function explain(kind: FailureKind): string {
  const e = FAILURE_EXPLANATIONS[kind];
  return `${e.title}. ${e.meaning} Next step: ${e.nextStep}`;
}

/** The kind a 4xx/5xx status code gets. */
export function kindForStatus(status: number): FailureKind {
  switch (status) {
    case 500:
      return 'http_500';
    case 502:
      return 'http_502';
    case 503:
      return 'http_503';
    case 504:
      return 'http_504';
    default:
      return status >= 500 ? 'http_5xx' : status >= 400 ? 'http_4xx' : 'assertion';
  }
}
