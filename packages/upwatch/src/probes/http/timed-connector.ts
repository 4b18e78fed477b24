import * as net from 'node:net';
import * as tls from 'node:tls';
import type { buildConnector } from 'undici';
import type { CheckDeadline } from './check-deadline.js';
import type { ResolvedAddress } from './resolve-host.js';
import { openTunnel, type ProxyTunnel } from './proxy-tunnel.js';
import { timed } from './timed.js';
import { TlsVerificationError } from './tls-verification-error.js';
import { TlsClientContextError } from '../certificate/tls-client-context-error.js';

/**
 * TLS settings for https targets: `ca` replaces the system roots, as Node's own option does;
 * `cert` and `key` are a client certificate for servers that ask for one (mTLS).
 */
export interface ProbeTlsOptions {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
}

/** Phase durations of one hop, filled in as the connection is made. */
export interface HopTimings {
  connect: number;
  tls: number;
  /** performance.now() when the socket was handed to undici, which writes the request at once. */
  readyAt: number | null;
}

export interface ConnectTarget {
  /** The target's name: what TLS sends as SNI and checks the certificate against. */
  hostname: string;
  /** Where the TCP connection goes, with `port`: the target's addresses, or a proxy's. */
  addresses: ResolvedAddress[];
  port: number;
  secure: boolean;
  /** Through a proxy to an https target: the tunnel to ask for before the handshake. */
  tunnel: ProxyTunnel | null;
  /** Sees the TLS socket once the handshake is done, before the certificate is judged. */
  onHandshake: ((socket: tls.TLSSocket) => void) | null;
}

// Worth trying the next address of the name after these; any other error is the answer.
const NEXT_ADDRESS_CODES = new Set(['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH', 'EHOSTUNREACH', 'EAFNOSUPPORT']);

/**
 * An undici `connect` function that opens the socket itself, so the connect and TLS phases are
 * measured apart and the resolved address (not a second lookup) is used.
 */
export function timedConnector(
  target: ConnectTarget,
  tlsOptions: ProbeTlsOptions,
  deadline: CheckDeadline,
  timings: HopTimings,
): buildConnector.connector {
  return (_options, callback) => {
    openSocket(target, tlsOptions, deadline, timings).then(
      (socket) => {
        // A few ticks pass between the socket being ready and undici holding it; if the peer
        // dropped it meanwhile, say so rather than hand undici a dead socket.
        if (socket.destroyed) callback(socket.errored ?? socketClosedEarly(), null);
        else callback(null, socket);
      },
      (err: Error) => callback(err, null),
    );
  };
}

async function openSocket(
  target: ConnectTarget,
  tlsOptions: ProbeTlsOptions,
  deadline: CheckDeadline,
  timings: HopTimings,
): Promise<net.Socket> {
  deadline.phase = 'connect';
  const { tunnel } = target;
  // Through a proxy, the CONNECT exchange is part of getting connected; the handshake is the target's.
  const connecting = connectFirst(target.addresses, target.port, deadline.signal).then((s) => (tunnel === null ? s : openTunnel(s, tunnel, deadline.signal)));
  const socket = await timed(connecting, (ms) => (timings.connect += ms));
  if (!target.secure) return ready(socket, deadline, timings);

  deadline.phase = 'tls';
  const secure = await timed(handshake(socket, target, tlsOptions, deadline.signal), (ms) => (timings.tls += ms));
  return ready(secure, deadline, timings);
}

function ready(socket: net.Socket, deadline: CheckDeadline, timings: HopTimings): net.Socket {
  deadline.phase = 'ttfb';
  timings.readyAt = performance.now();
  return socket;
}

async function connectFirst(addresses: ResolvedAddress[], port: number, signal: AbortSignal): Promise<net.Socket> {
  let lastError: unknown = new Error('no address to connect to');
  for (const { address, family } of addresses) {
    try {
      return await connectOne(address, family, port, signal);
    } catch (err) {
      lastError = err;
      if (!NEXT_ADDRESS_CODES.has((err as { code?: string }).code ?? '')) break;
    }
  }
  throw lastError;
}

function connectOne(host: string, family: number, port: number, signal: AbortSignal): Promise<net.Socket> {
  return settleSocket(net.connect({ host, family, port }), 'connect', signal);
}

function handshake(socket: net.Socket, target: ConnectTarget, options: ProbeTlsOptions, signal: AbortSignal): Promise<tls.TLSSocket> {
  const { hostname } = target;
  const verify = options.rejectUnauthorized !== false;
  let secure: tls.TLSSocket;
  try {
    secure = tls.connect({
      socket,
      host: hostname,
      // SNI takes names only (RFC 6066); for an IP literal the certificate is checked against `host`.
      servername: net.isIP(hostname) === 0 ? hostname : undefined,
      ALPNProtocols: ['http/1.1'],
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...(options.cert === undefined ? {} : { cert: options.cert }),
      ...(options.key === undefined ? {} : { key: options.key }),
      // Node's verification still runs and fills authorized/authorizationError; we reject ourselves
      // after reading the certificate, because once Node rejects, the certificate (its expiry date,
      // its names) can no longer be read. No request byte is written before this decision.
      rejectUnauthorized: false,
    });
  } catch (err) {
    // A key that does not match its certificate, or a PEM that does not parse, throws at once:
    // close the connection, and blame the settings rather than the target.
    socket.destroy();
    return Promise.reject(new TlsClientContextError(err));
  }
  return settleSocket(secure, 'secureConnect', signal).then((s) => {
    target.onHandshake?.(s);
    if (!verify || s.authorized) return s;
    const code = typeof s.authorizationError === 'string' ? s.authorizationError : String(s.authorizationError);
    const err = new TlsVerificationError(code, s.getPeerCertificate());
    s.destroy();
    throw err;
  });
}

function settleSocket<S extends net.Socket>(socket: S, readyEvent: string, signal: AbortSignal): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    const onAbort = (): void => {
      socket.destroy();
      done(signal.reason);
    };
    const onReady = (): void => done(null);
    const onError = (err: Error): void => {
      socket.destroy();
      done(err);
    };
    const done = (err: unknown): void => {
      signal.removeEventListener('abort', onAbort);
      socket.off(readyEvent, onReady);
      socket.off('error', onError);
      if (err !== null) return reject(err);
      // Until undici attaches its own listener, an error must not become an uncaught exception;
      // it is still seen, as socket.errored, when the socket is handed over.
      socket.on('error', ignore);
      resolve(socket);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once(readyEvent, onReady);
    socket.once('error', onError);
  });
}

function ignore(): void {}

function socketClosedEarly(): Error {
  return Object.assign(new Error('socket closed before the request was sent'), { code: 'ECONNRESET' });
}
