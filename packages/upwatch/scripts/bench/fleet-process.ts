/**
 * The bench's targets, in a process of their own so that neither they nor the bench's bookkeeping
 * steal each other's event loop, and so that their CPU can be read apart. Started by fleet.ts.
 *
 * Each target is a node:http server on its own loopback address (127.0.0.2, 127.0.0.3, …) and
 * port, answering 200 "ok" with `Connection: close`, so every check opens a fresh connection; a
 * path switched to failing answers 500.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FleetReply, FleetRequest } from './fleet.js';

const count = Number(process.argv[2]);
const failing = new Set<string>();
let requests = 0;
let firstRequestAt: number | null = null;

const OK = Buffer.from('ok');
const OUTAGE = Buffer.from('outage injected by the bench');

function handle(req: IncomingMessage, res: ServerResponse): void {
  requests++;
  firstRequestAt ??= Date.now();
  const down = failing.has(req.url ?? '');
  const body = down ? OUTAGE : OK;
  res.writeHead(down ? 500 : 200, { 'content-type': 'text/plain', 'content-length': body.length, connection: 'close' });
  res.end(body);
}

const urls: string[] = [];
for (let i = 0; i < count; i++) {
  const host = `127.0.0.${2 + i}`;
  const server = createServer(handle);
  // Half-open sockets of clients that went away must not pile up over a long run.
  server.headersTimeout = 15_000;
  server.requestTimeout = 15_000;
  server.listen({ host, port: 0, backlog: 4096 });
  await once(server, 'listening');
  urls.push(`http://${host}:${(server.address() as AddressInfo).port}`);
}

const send = (reply: FleetReply) => process.send!(reply);
process.on('message', (message: FleetRequest) => {
  switch (message.type) {
    case 'fail':
      for (const path of message.paths) failing.add(path);
      return send({ id: message.id, type: 'done', at: Date.now() });
    case 'restore':
      for (const path of message.paths) failing.delete(path);
      return send({ id: message.id, type: 'done', at: Date.now() });
    case 'usage': {
      const cpu = process.cpuUsage();
      const elu = performance.eventLoopUtilization();
      return send({ id: message.id, type: 'usage', at: Date.now(), cpuUs: cpu.user + cpu.system, eluActiveMs: elu.active, eluIdleMs: elu.idle, requests, firstRequestAt });
    }
    case 'exit':
      process.exit(0);
  }
});
send({ id: 0, type: 'ready', urls });
