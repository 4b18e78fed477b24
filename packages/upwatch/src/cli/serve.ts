import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { isUpwatchError } from '../core/errors.js';
import { startServer } from '../server.js';

export interface ServeFlags {
  config?: string | undefined;
  data: string;
  host: string;
  port: number;
  logLevel: string;
  trustProxy?: string | undefined;
}

export const PID_FILE = 'upwatch.pid';

/**
 * `upwatch serve`: runs until SIGINT or SIGTERM, then shuts down gracefully (no new checks,
 * running ones finish or are cancelled, every result written) and exits 0. SIGHUP reloads the config.
 */
export async function runServe(flags: ServeFlags): Promise<number> {
  const logger = pino({
    level: flags.logLevel,
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.headers.authorization', 'req.headers.cookie', 'headers.cookie', '*.headers.cookie'], censor: '[redacted]' },
  });
  const print = (line: string) => process.stdout.write(`${line}\n`);

  let server;
  try {
    server = await startServer({ configFile: flags.config, dataDir: flags.data, host: flags.host, port: flags.port, logger, print, trustProxy: flags.trustProxy });
  } catch (err) {
    if (isUpwatchError(err)) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(`port ${flags.port} on ${flags.host} is in use: choose another with --port or UPWATCH_PORT\n`);
      return 1;
    }
    throw err;
  }

  const pidFile = join(flags.data, PID_FILE);
  writeFileSync(pidFile, `${process.pid}\n`);

  const reload = () => {
    server.reload().then(
      (report) => print(`config reloaded: ${report.added.length} added, ${report.changed.length} changed, ${report.removed.length} removed`),
      (err: unknown) => {
        // A broken file is refused as a whole: the running config stays, and the errors say why.
        const message = err instanceof Error ? err.message : String(err);
        logger.error({ err: isUpwatchError(err) ? undefined : err }, `config reload refused: ${message}`);
        process.stderr.write(`config reload refused, keeping the running config:\n${message}\n`);
      },
    );
  };
  process.on('SIGHUP', reload);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      server
        .stop()
        .then(
          () => 0,
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            return 1;
          },
        )
        .then((code) => {
          rmSync(pidFile, { force: true });
          process.off('SIGHUP', reload);
          logger.info('stopped');
          resolve(code);
        });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
