import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export type FleetRequest =
  | { id: number; type: 'fail' | 'restore'; paths: string[] }
  | { id: number; type: 'usage' }
  | { id: number; type: 'exit' };

export type FleetReply =
  | { id: number; type: 'ready'; urls: string[] }
  | { id: number; type: 'done'; at: number }
  | ({ id: number; type: 'usage' } & FleetUsage);

/** The fleet process's counters: CPU and event-loop time so far, requests answered so far. */
export interface FleetUsage {
  at: number;
  cpuUs: number;
  eluActiveMs: number;
  eluIdleMs: number;
  requests: number;
  firstRequestAt: number | null;
}

export interface Fleet {
  /** Base URLs of the targets, one per loopback address. */
  targets: string[];
  pid: number;
  /** The URL monitor `i` checks: its own path, on target i mod the number of targets. */
  urlOf(monitor: number): string;
  /** Makes these monitors' paths answer 500; resolves with the time the fleet applied it. */
  fail(monitors: number[]): Promise<number>;
  restore(monitors: number[]): Promise<number>;
  usage(): Promise<FleetUsage>;
  close(): Promise<void>;
}

const FLEET_PROCESS = fileURLToPath(new URL('./fleet-process.ts', import.meta.url));

/**
 * Starts `count` local targets in a child process (see fleet-process.ts) and returns their controls.
 * @example const fleet = await startFleet(16); fleet.urlOf(0); await fleet.fail([0]); await fleet.close();
 */
export async function startFleet(count: number): Promise<Fleet> {
  // The parent's --import tsx is inherited, so the child runs from its TypeScript source too.
  const child: ChildProcess = fork(FLEET_PROCESS, [String(count)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, (reply: FleetReply) => void>();
  let nextId = 1;
  const ready = new Promise<string[]>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the target fleet exited with ${code} before it was ready`)));
    waiting.set(0, (reply) => reply.type === 'ready' && resolve(reply.urls));
  });
  child.on('message', (reply: FleetReply) => {
    const resolve = waiting.get(reply.id);
    waiting.delete(reply.id);
    resolve?.(reply);
  });
  const ask = (request: { type: 'fail' | 'restore'; paths: string[] } | { type: 'usage' }): Promise<FleetReply> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ ...request, id });
    });

  const targets = await ready;
  const pathOf = (monitor: number) => `/m/${monitor}`;
  return {
    targets,
    pid: child.pid!,
    urlOf: (monitor) => `${targets[monitor % targets.length]}${pathOf(monitor)}`,
    fail: async (monitors) => doneAt(await ask({ type: 'fail', paths: monitors.map(pathOf) })),
    restore: async (monitors) => doneAt(await ask({ type: 'restore', paths: monitors.map(pathOf) })),
    usage: async () => {
      const reply = await ask({ type: 'usage' });
      if (reply.type !== 'usage') throw new Error(`the target fleet answered ${reply.type} to usage`);
      const { id: _id, type: _type, ...usage } = reply;
      return usage;
    },
    async close() {
      if (child.exitCode !== null) return;
      child.removeAllListeners('exit');
      const exited = once(child, 'exit');
      child.send({ type: 'exit', id: nextId++ });
      await exited;
    },
  };
}

function doneAt(reply: FleetReply): number {
  if (reply.type !== 'done') throw new Error(`the target fleet answered ${reply.type} to a switch`);
  return reply.at;
}
