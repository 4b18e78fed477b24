import * as net from 'node:net';
import type { ResolvedAddress } from '../http/resolve-host.js';

// Worth trying the name's next address after these (as the http connector does); any other error is the answer.
const NEXT_ADDRESS_CODES = new Set(['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH', 'EHOSTUNREACH', 'EAFNOSUPPORT']);

/**
 * A connected socket to the first of `addresses` that accepts on `port`, tried in the resolver's
 * order (`localhost` may be ::1 first, with the service on 127.0.0.1 only). Rejects with the last
 * address's error; aborting `signal` destroys the pending socket.
 * @example const socket = await connectAny([{ address: '127.0.0.1', family: 4 }], 5432, signal);
 */
export async function connectAny(addresses: readonly ResolvedAddress[], port: number, signal: AbortSignal): Promise<net.Socket> {
  let lastError: unknown = new Error('no address to connect to');
  for (const { address, family } of addresses) {
    try {
      return await connectOne(address, family, port, signal);
    } catch (err) {
      lastError = err;
      if (signal.aborted || !NEXT_ADDRESS_CODES.has((err as { code?: string }).code ?? '')) break;
    }
  }
  throw lastError;
}

/**
 * Closes a socket the check is done with, at once: nothing is sent, and a late error from the peer
 * must not become an uncaught exception.
 * @example hangUp(await connectAny(addresses, 5432, signal));
 */
export function hangUp(socket: net.Socket): void {
  socket.on('error', () => {});
  socket.end();
  socket.destroy();
}

function connectOne(host: string, family: number, port: number, signal: AbortSignal): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const socket = net.connect({ host, family, port });
    const settle = (err: unknown): void => {
      signal.removeEventListener('abort', onAbort);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      if (err === null) return resolve(socket);
      socket.destroy();
      reject(err);
    };
    const onAbort = (): void => settle(signal.reason);
    const onConnect = (): void => settle(null);
    const onError = (err: Error): void => settle(err);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', onConnect);
    socket.once('error', onError);
  });
}
