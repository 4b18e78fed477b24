import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Timings } from '../../core/check-result.js';
import type { CheckDeadline } from '../http/check-deadline.js';
import { literalAddress, lookupHost, type ResolvedAddress } from '../http/resolve-host.js';
import { timed } from '../http/timed.js';
import { TlsClientContextError } from '../certificate/tls-client-context-error.js';

export { TlsClientContextError };

export interface TlsTarget {
  host: string;
  port: number;
  /** The name the certificate is checked against; sent as SNI unless it is an IP address. */
  name: string;
}

/** What to present and trust: the `tls:` block's files, already read. */
export interface TlsClientFiles {
  ca?: string;
  cert?: string;
  key?: string;
}


// Worth trying the next address of the name after these; any other error is the answer.
const NEXT_ADDRESS_CODES = new Set(['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH', 'EHOSTUNREACH', 'EAFNOSUPPORT']);

/**
 * Resolves, connects and completes a TLS handshake, each phase timed into `timings` and watched by
 * the deadline (`deadline.phase` says where a failure happened). The certificate is never refused
 * here: the caller reads it first and judges it itself.
 * @example const socket = await openTlsConnection({ host: 'example.com', port: 443, name: 'example.com' }, {}, deadline, timings);
 */
export async function openTlsConnection(target: TlsTarget, files: TlsClientFiles, deadline: CheckDeadline, timings: Timings): Promise<tls.TLSSocket> {
  deadline.phase = 'dns';
  const literal = literalAddress(target.host);
  const addresses = literal ? [literal] : await timed(lookupHost(target.host, deadline.signal), (ms) => (timings.dns += ms));
  deadline.phase = 'connect';
  const socket = await timed(connectFirst(addresses, target.port, deadline.signal), (ms) => (timings.connect += ms));
  deadline.phase = 'tls';
  return timed(handshake(socket, target.name, files, deadline.signal), (ms) => (timings.tls += ms));
}

async function connectFirst(addresses: ResolvedAddress[], port: number, signal: AbortSignal): Promise<net.Socket> {
  let lastError: unknown = new Error('no address to connect to');
  for (const { address, family } of addresses) {
    try {
      return await settle(net.connect({ host: address, family, port }), 'connect', signal);
    } catch (err) {
      lastError = err;
      if (!NEXT_ADDRESS_CODES.has((err as { code?: string }).code ?? '')) break;
    }
  }
  throw lastError;
}

function handshake(socket: net.Socket, name: string, files: TlsClientFiles, signal: AbortSignal): Promise<tls.TLSSocket> {
  let secure: tls.TLSSocket;
  try {
    secure = tls.connect({
      socket,
      host: name,
      // SNI takes names only (RFC 6066); for an IP address the certificate is checked against `host`.
      servername: net.isIP(name) === 0 ? name : undefined,
      ...files,
      // Node's verification still runs and fills authorized/authorizationError; a refused
      // certificate could no longer be read (its dates, its names), so the probe judges it.
      rejectUnauthorized: false,
    });
  } catch (err) {
    socket.destroy();
    return Promise.reject(new TlsClientContextError(err));
  }
  return settle(secure, 'secureConnect', signal);
}

function settle<S extends net.Socket>(socket: S, readyEvent: string, signal: AbortSignal): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    const done = (err: unknown): void => {
      signal.removeEventListener('abort', onAbort);
      socket.off(readyEvent, onReady);
      socket.off('error', onError);
      if (err === null) {
        // Until the caller listens, a late error must not become an uncaught exception.
        socket.on('error', ignore);
        return resolve(socket);
      }
      socket.destroy();
      reject(err);
    };
    const onAbort = (): void => done(signal.reason);
    const onReady = (): void => done(null);
    const onError = (err: Error): void => done(err);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once(readyEvent, onReady);
    socket.once('error', onError);
  });
}

/** How the server took the handshake, once it has had its say. */
export type ServerVerdict = { accepted: true } | { accepted: false; error: unknown };

/**
 * Whether the server, having had its say, keeps the connection. In TLS 1.3 the client's handshake
 * ends before the server has checked the client's certificate (or noticed there is none): its
 * verdict comes a round trip later, session tickets when it accepts, an alert or a closed
 * connection when it refuses. Servers that check a client certificate themselves once the
 * handshake is done (Node's do) close the connection after it in TLS 1.2 too. Waits for that, or
 * for a quiet `waitMs`, since not every server sends tickets.
 * @example const verdict = await serverVerdict(socket, { waitMs: 250, presentedCertificate: false }, deadline.signal);
 */
export function serverVerdict(socket: tls.TLSSocket, { waitMs, presentedCertificate }: { waitMs: number; presentedCertificate: boolean }, signal: AbortSignal): Promise<ServerVerdict> {
  if (socket.destroyed) return Promise.resolve({ accepted: false, error: socket.errored ?? null });
  if (socket.getProtocol() !== 'TLSv1.3' && !presentedCertificate) return Promise.resolve({ accepted: true });
  return new Promise<ServerVerdict>((resolve) => {
    const done = (verdict: ServerVerdict): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onQuiet);
      socket.off('session', onQuiet);
      socket.off('error', onError);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.on('error', ignore);
      resolve(verdict);
    };
    const onQuiet = (): void => done({ accepted: true });
    const onError = (error: Error): void => done({ accepted: false, error });
    const onEnd = (): void => done({ accepted: false, error: null });
    const timer = setTimeout(onQuiet, waitMs);
    if (signal.aborted) return onQuiet();
    signal.addEventListener('abort', onQuiet, { once: true });
    // In TLS 1.2 tickets belong to the handshake itself and say nothing of the client.
    if (socket.getProtocol() === 'TLSv1.3') socket.once('session', onQuiet);
    socket.once('error', onError);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    // Records are only read (and an alert only seen) while the socket is flowing.
    socket.resume();
  });
}

function ignore(): void {}
