import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  at: number;
  headers: IncomingHttpHeaders;
  body: any;
}

/**
 * A real webhook receiver on 127.0.0.1 for tests: records every POST it accepts, and can be told
 * to answer a status of its choice (say 500 while "the receiver is down").
 */
export async function startWebhookReceiver() {
  const received: ReceivedHook[] = [];
  let answer = 200;
  let refusedCount = 0;
  const waiters: Array<() => void> = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (answer >= 300) {
        refusedCount++;
        res.writeHead(answer, { 'content-type': 'text/plain' }).end('receiver is failing');
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ at: Date.now(), headers: req.headers, body: JSON.parse(text) });
      res.writeHead(200).end('ok');
      for (const w of waiters.splice(0)) w();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    get refused() {
      return refusedCount;
    },
    /** Status to answer from now on (2xx accepts and records). */
    answer(status: number) {
      answer = status;
    },
    /** Resolves once `count` hooks were accepted, or rejects after `timeoutMs`. */
    async waitFor(count: number, timeoutMs: number): Promise<ReceivedHook[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`waited ${timeoutMs} ms for ${count} webhooks, got ${received.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return received.slice(0, count);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
