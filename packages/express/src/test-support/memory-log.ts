import { pino, type Logger } from 'pino';

/** One parsed pino line. */
export type LogRecord = Record<string, unknown>;

export interface MemoryLog {
  /** A real pino logger whose lines land in memory instead of stdout. */
  logger: Logger;
  /** Every line written so far, parsed. */
  records(): LogRecord[];
  /** The lines whose `msg` is exactly this. */
  withMessage(msg: string): LogRecord[];
}

/**
 * A real pino instance writing to an in-memory stream, so tests assert the very line an
 * operator would read.
 * @example const log = memoryLog(); app.use(errorHandler({ logger: log.logger }));
 */
export function memoryLog(): MemoryLog {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  const records = (): LogRecord[] => lines.map((line) => JSON.parse(line) as LogRecord);
  return { logger, records, withMessage: (msg) => records().filter((record) => record['msg'] === msg) };
}

/**
 * Resolves once `check` returns true, polling: for what happens after a response is sent.
 * @example await waitFor(() => reports.length === 1);
 */
export async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
