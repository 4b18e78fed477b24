import { once } from 'node:events';
import * as net from 'node:net';
import { Worker } from 'node:worker_threads';

/** A port whose accept queue is full: the kernel drops new SYNs, so a connect gets no answer at all. */
export interface StalledListener {
  port: number;
  close(): Promise<void>;
}

// The listener lives in a worker whose thread blocks right after listening, so it never accepts.
// Plain JavaScript: a worker started with `eval` does not go through the tsx loader.
const WORKER_SOURCE = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const server = net.createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: workerData.backlog }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(workerData.release), 0, 0, 30000);
  server.close();
});
`;
const BACKLOG = 1;
// How long a filler may stay unconnected before the queue counts as full: only kernels that queue
// more than backlog + 1 connections (Linux queues exactly that) reach this wait.
const FULL_AFTER_MS = 300;

/**
 * Starts a listener on 127.0.0.1 and fills its accept queue, so the next connect hangs until its
 * caller gives up: a timeout while connecting, made without depending on any outside network.
 * @example const stalled = await startStalledListener(); … await stalled.close();
 */
export async function startStalledListener(): Promise<StalledListener> {
  const release = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { backlog: BACKLOG, release } });
  const [port] = (await once(worker, 'message')) as [number];
  const fillers: net.Socket[] = [];
  const fill = (): net.Socket => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    fillers.push(socket);
    return socket;
  };
  for (let i = 0; i <= BACKLOG; i++) await once(fill(), 'connect');
  for (;;) {
    const socket = fill();
    const connected = await Promise.race([once(socket, 'connect').then(() => true), delay(FULL_AFTER_MS).then(() => false)]);
    if (!connected) break;
  }
  return {
    port,
    async close() {
      for (const socket of fillers) socket.destroy();
      const exited = once(worker, 'exit');
      const flag = new Int32Array(release);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      await exited;
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
