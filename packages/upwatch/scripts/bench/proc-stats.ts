import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** One reading of a process from /proc: CPU it used so far, and its memory now and at its peak. */
export interface ProcSample {
  at: number;
  /** utime + stime, all threads, since the process started. */
  cpuSeconds: number;
  rssBytes: number;
  /** VmHWM: the peak resident set so far, as the kernel keeps it (no sampling gap). */
  peakRssBytes: number;
}

const TICKS_PER_SECOND = clockTicks();

/**
 * Reads /proc/<pid>/stat and /proc/<pid>/status (Linux only); null once the process is gone.
 * @example const s = readProc(child.pid!); s?.cpuSeconds;
 */
export function readProc(pid: number): ProcSample | null {
  let stat: string;
  let status: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return {
    at: Date.now(),
    cpuSeconds: (utime + stime) / TICKS_PER_SECOND,
    rssBytes: statusKb(status, 'VmRSS') * 1024,
    peakRssBytes: statusKb(status, 'VmHWM') * 1024,
  };
}

function statusKb(status: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : 0;
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
