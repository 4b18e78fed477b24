import { STATUS_CODES } from 'node:http';
import type * as net from 'node:net';

/** The CONNECT request that turns a connection to a proxy into a tunnel to an https target. */
export interface ProxyTunnel {
  /** host:port of the target, as the CONNECT line names it. */
  authority: string;
  /** Proxy-Authorization for the proxy, or null. */
  authorization: string | null;
}

/** A proxy that answered the CONNECT with anything but 2xx: the target was never reached. */
export class ProxyRefusedError extends Error {
  readonly code = 'UPWATCH_PROXY_REFUSED';
  readonly status: number;

  constructor(status: number, authority: string) {
    const reason = STATUS_CODES[status];
    super(`proxy answered ${status}${reason === undefined ? '' : ` ${reason}`} to CONNECT ${authority}`);
    this.name = 'ProxyRefusedError';
    this.status = status;
  }
}

// A proxy's answer to CONNECT is a status line and a few headers; more than this is not one.
const MAX_HEAD_BYTES = 16 * 1024;

/**
 * Asks the proxy on `socket` for a tunnel and waits for its answer; resolves with the same socket,
 * now a byte pipe to the target, ready for the TLS handshake. Rejects with ProxyRefusedError on a
 * non-2xx answer, or with what the socket met.
 * @example const tunnel = await openTunnel(socket, { authority: 'example.com:443', authorization: null }, signal);
 */
export function openTunnel(socket: net.Socket, tunnel: ProxyTunnel, signal: AbortSignal): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > MAX_HEAD_BYTES) fail(protocolError('the proxy\'s answer to CONNECT has no end'));
        return;
      }
      const status = /^HTTP\/1\.[01] (\d{3})(?: |\r)/.exec(head.subarray(0, end + 2).toString('latin1'))?.[1];
      if (status === undefined) return fail(protocolError('the proxy did not answer CONNECT with an HTTP status line'));
      if (!status.startsWith('2')) return fail(new ProxyRefusedError(Number(status), tunnel.authority));
      // The target speaks only after our ClientHello: bytes here would be the proxy's, not TLS.
      if (head.length > end + 4) return fail(protocolError('the proxy sent data after its answer to CONNECT'));
      done();
      resolve(socket);
    };
    const onError = (err: Error): void => fail(err);
    const onClose = (): void => fail(Object.assign(new Error('the proxy closed the connection before answering CONNECT'), { code: 'ECONNRESET' }));
    const onAbort = (): void => fail(signal.reason);
    const fail = (err: unknown): void => {
      done();
      socket.destroy();
      reject(err);
    };
    const done = (): void => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      // Nothing reads until TLS takes the socket over.
      socket.pause();
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
    const auth = tunnel.authorization === null ? '' : `proxy-authorization: ${tunnel.authorization}\r\n`;
    socket.write(`CONNECT ${tunnel.authority} HTTP/1.1\r\nhost: ${tunnel.authority}\r\n${auth}\r\n`);
  });
}

function protocolError(message: string): Error {
  return Object.assign(new Error(message), { code: 'UPWATCH_PROXY_PROTOCOL' });
}
