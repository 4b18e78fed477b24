import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const gzip = promisify(gzipCallback);
/** Below this, compressing costs more than it saves. */
const MIN_BYTES = 1_024;

/** A text body and its gzipped form, made on first demand and kept: a body sent many times is compressed once. */
export class CompressibleBody {
  private zipped: Promise<Buffer> | null = null;

  constructor(readonly text: string) {}

  gzipped(): Promise<Buffer> {
    return (this.zipped ??= gzip(this.text));
  }
}

/**
 * Sends a text body gzipped when the client takes gzip, as it is otherwise. A status page of 100
 * monitors is ~650 KB of HTML (9,000 day cells) and ~17 KB gzipped: without a reverse proxy in
 * front, that is the difference on a phone. Compressed off the event loop (zlib's thread pool).
 * @example return sendCompressible(request, reply, page.toString(), 'text/html; charset=utf-8');
 */
export async function sendCompressible(request: FastifyRequest, reply: FastifyReply, body: string | CompressibleBody, contentType: string): Promise<FastifyReply> {
  void reply.type(contentType).header('vary', 'accept-encoding');
  const compressible = typeof body === 'string' ? new CompressibleBody(body) : body;
  if (compressible.text.length < MIN_BYTES || !acceptsGzip(request.headers['accept-encoding'])) return reply.send(compressible.text);
  return reply.header('content-encoding', 'gzip').send(await compressible.gzipped());
}

/**
 * Whether an Accept-Encoding header takes gzip (`q=0` refuses it).
 * @example acceptsGzip('br, gzip;q=0.8') // true; acceptsGzip('gzip;q=0, identity') // false
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
