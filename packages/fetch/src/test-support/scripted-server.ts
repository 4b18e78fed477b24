import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with the nth request (0-based): answer, hang, or drop the connection. */
export type Script = (index: number, request: IncomingMessage, body: string) => Answer;

export type Answer =
  | { status: number; headers?: Record<string, string>; body?: string }
  | 'hang'
  | 'destroy';

export interface ScriptedServer {
  url: string;
  /** When each request arrived (performance.now()), and what it carried. */
  requests: Array<{ at: number; method: string; body: string; headers: IncomingMessage['headers'] }>;
  /** TCP connections accepted, including ones destroyed before any answer. */
  connections: number;
  script: Script;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that follows a script per request, for flaky-origin tests. */
export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const hanging = new Set<ServerResponse>();
  const state: ScriptedServer = {
    url: '',
    requests: [],
    connections: 0,
    script,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const index = state.requests.length;
      state.requests.push({ at: performance.now(), method: request.method ?? '', body, headers: request.headers });
      const answer = state.script(index, request, body);
      if (answer === 'hang') {
        hanging.add(response);
        return;
      }
      if (answer === 'destroy') {
        request.socket.destroy();
        return;
      }
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? '');
    });
  });
  server.on('connection', () => {
    state.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** A port on 127.0.0.1 that nothing listens on: connecting to it is refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** mulberry32: a tiny seeded generator, so a property test that fails can be replayed by its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
