import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PID_FILE } from './serve.js';

/** `upwatch reload`: tells the server that uses this data folder to re-read its config (SIGHUP). */
export function runReload(dataDir: string, io: { stdout(s: string): void; stderr(s: string): void }): number {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dataDir, PID_FILE), 'utf8').trim());
  } catch {
    io.stderr(`no running upwatch found for data folder ${dataDir} (no ${PID_FILE})\n`);
    return 1;
  }
  try {
    process.kill(pid, 'SIGHUP');
  } catch {
    io.stderr(`upwatch (pid ${pid}) is not running; remove ${join(dataDir, PID_FILE)} if it is stale\n`);
    return 1;
  }
  io.stdout(`asked upwatch (pid ${pid}) to reload its config; its log says what changed\n`);
  return 0;
}
