import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/upwatch.js', import.meta.url));

export interface ServeProcess {
  url: string;
  /** The API token printed on first start, if this start printed one. */
  token: string | undefined;
  proc: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `upwatch serve` as a real process (the built bin, as a user runs it) and waits until it
 * prints the URL it serves. Needs `npm run build` first; `npm test` does that.
 */
export async function startServeProcess(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<ServeProcess> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, UPWATCH_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(proc, 'exit');

  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (!url) {
    url = /serving (http:\/\/\S+)/.exec(out)?.[1];
    if (url) break;
    if (proc.exitCode !== null) throw new Error(`upwatch serve exited with ${proc.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`upwatch serve did not start within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const token = /API token \(shown once[^)]*\): (\S+)/.exec(out)?.[1];
  return {
    url,
    token,
    proc,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
