import { once } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { Readable } from 'node:stream';
import type { KeyAndCert } from './certs.js';

/**
 * What a target does with the next requests:
 * - 'ok': 200 "ok"; a number: that status; an object: status, headers, body, Retry-After (seconds or a date)
 * - 'hang': reads the request, never answers
 * - 'reset': drops the connection with a TCP RST as soon as the request arrives
 * - 'huge': 200 with a 50 MB body, streamed
 * - 'redirect-loop': 302 to /loop/<n+1>, forever
 * - 'slow:<ms>': 200 "ok" after that delay
 * - a function: handles the request itself
 */
export type TargetBehaviour =
  | 'ok'
  | 'hang'
  | 'reset'
  | 'huge'
  | 'redirect-loop'
  | `slow:${number}`
  | number
  | { status: number; headers?: Record<string, string>; body?: string; retryAfter?: number | string }
  | ((req: http.IncomingMessage, res: http.ServerResponse) => void);

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface HttpTarget {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  /** Switches what the target does from the next request on. */
  set(behaviour: TargetBehaviour): void;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Responses the client dropped before they were complete (e.g. a body it stopped reading). */
  readonly abandonedResponses: number;
  /** Stops listening and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
}

/** Size of the 'huge' body. */
export const HUGE_BODY_BYTES = 50 * 1024 * 1024;

/**
 * Starts a programmable HTTP target on 127.0.0.1 (or `host`, e.g. '::1') and a free port.
 * @example const target = await startHttpTarget(); target.set(503); … await target.close();
 */
export function startHttpTarget(initial: TargetBehaviour = 'ok', options: { host?: string } = {}): Promise<HttpTarget> {
  return start((handler) => http.createServer(handler), 'http', initial, options.host ?? '127.0.0.1');
}

/**
 * Starts the same programmable target over TLS with the given certificate.
 * @example const target = await startHttpsTarget((await generateTestCerts()).expired);
 */
export function startHttpsTarget(certificate: KeyAndCert, initial: TargetBehaviour = 'ok', options: { host?: string } = {}): Promise<HttpTarget> {
  return start((handler) => https.createServer(certificate, handler), 'https', initial, options.host ?? '127.0.0.1');
}

/**
 * A port on 127.0.0.1 nothing listens on (it was free a moment ago): connecting to it is refused.
 * @example const url = `http://127.0.0.1:${await freePort()}/`;
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function start(
  create: (handler: http.RequestListener) => http.Server,
  scheme: 'http' | 'https',
  initial: TargetBehaviour,
  host: string,
): Promise<HttpTarget> {
  let behaviour = initial;
  let abandoned = 0;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = create((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.on('close', () => {
      if (!res.writableFinished) abandoned++;
    });
    // The TCP socket under the request: over TLS only it can send a reset.
    const raw = [...sockets].find((socket) => socket.remotePort === req.socket.remotePort) ?? req.socket;
    respond(behaviour, req, res, { timers, raw });
  });
  // Track the raw sockets: a TLS server's 'connection' gives the TCP socket, which is what must go.
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {}); // a probe rejecting our certificate is the test, not an error
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const urlHost = net.isIPv6(host) ? `[${host}]` : host;

  return {
    url: `${scheme}://${urlHost}:${port}`,
    port,
    set(next) {
      behaviour = next;
    },
    requests,
    get abandonedResponses() {
      return abandoned;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      const closed = once(server, 'close');
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function respond(
  behaviour: TargetBehaviour,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  { timers, raw }: { timers: Set<NodeJS.Timeout>; raw: net.Socket },
): void {
  if (typeof behaviour === 'function') return behaviour(req, res);
  if (typeof behaviour === 'number') return send(res, behaviour, {}, `status ${behaviour}`);
  if (typeof behaviour === 'object') {
    const headers = { ...behaviour.headers };
    if (behaviour.retryAfter !== undefined) headers['retry-after'] = String(behaviour.retryAfter);
    return send(res, behaviour.status, headers, behaviour.body ?? `status ${behaviour.status}`);
  }
  switch (behaviour) {
    case 'ok':
      return send(res, 200, {}, 'ok');
    case 'hang':
      return;
    case 'reset':
      raw.resetAndDestroy();
      return;
    case 'huge':
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(HUGE_BODY_BYTES) });
      Readable.from(hugeBody()).pipe(res);
      return;
    case 'redirect-loop': {
      const n = Number(/^\/loop\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
      res.writeHead(302, { location: `/loop/${n + 1}` });
      res.end();
      return;
    }
  }
  const delayMs = Number(behaviour.slice('slow:'.length));
  const timer = setTimeout(() => {
    timers.delete(timer);
    send(res, 200, {}, 'ok');
  }, delayMs);
  timers.add(timer);
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  const lowered = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...lowered });
  res.end(body);
}

function* hugeBody(): Generator<Buffer> {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  for (let sent = 0; sent < HUGE_BODY_BYTES; sent += chunk.length) yield chunk;
}
