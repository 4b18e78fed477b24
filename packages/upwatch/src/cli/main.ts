import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../core/duration.js';
import { VERSION } from '../version.js';
import { runCheck } from './check.js';
import { runNotifyTest } from './notify-test.js';
import { runReload } from './reload.js';
import { runServe } from './serve.js';
import { runTokenCreate } from './token.js';
import { runValidate } from './validate.js';

const io = {
  stdout: (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  stderr: (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
};

function duration(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new InvalidArgumentError('expected a duration such as 10s, 500ms or 1m');
  return ms;
}

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

const program = new Command('upwatch')
  .description('Self-hosted uptime monitor: checks endpoints, tells a blip from an outage, explains every failure.')
  .version(VERSION);

program
  .command('serve')
  .description('run the monitor, its API and its alerts')
  .addOption(new Option('--config <file>', 'YAML config with monitors and notifiers').env('UPWATCH_CONFIG'))
  .addOption(new Option('--data <dir>', 'folder for the SQLite database').env('UPWATCH_DATA').default('./data'))
  .addOption(new Option('--host <host>', 'address to listen on').env('UPWATCH_HOST').default('127.0.0.1'))
  .addOption(new Option('--port <port>', 'port to listen on').env('UPWATCH_PORT').default(3000).argParser(port))
  .addOption(new Option('--log-level <level>', 'log level').env('UPWATCH_LOG_LEVEL').default('info').choices(['debug', 'info', 'warn', 'error']))
  .addOption(
    new Option('--trust-proxy <addresses>', 'reverse proxies (comma-separated IPs or CIDRs, or loopback) whose X-Forwarded-For/-Proto/-Host to believe').env('UPWATCH_TRUST_PROXY'),
  )
  .action(async (flags: { config?: string; data: string; host: string; port: number; logLevel: string; trustProxy?: string }) => {
    process.exitCode = await runServe(flags);
  });

program
  .command('check')
  .description('check a URL once and explain the result (exit 0 up, 1 down)')
  .argument('<url>', 'http:// or https:// URL')
  .option('--timeout <duration>', 'give up after this long', duration, 10_000)
  .option('--json', 'print the result as JSON', false)
  .action(async (url: string, flags: { timeout: number; json: boolean }) => {
    process.exitCode = await runCheck(url, { timeoutMs: flags.timeout, json: flags.json }, io);
  });

program
  .command('validate')
  .description('validate a config file; every error names the field and the line')
  .argument('<file>', 'YAML config')
  .action(async (file: string) => {
    process.exitCode = await runValidate(file, io);
  });

program
  .command('reload')
  .description('make a running `upwatch serve` re-read its config (same as SIGHUP)')
  .addOption(new Option('--data <dir>', 'the data folder of the running server').env('UPWATCH_DATA').default('./data'))
  .action((flags: { data: string }) => {
    process.exitCode = runReload(flags.data, io);
  });

program
  .command('token')
  .description('manage API tokens')
  .command('create')
  .description('create an API token (printed once)')
  .addOption(new Option('--data <dir>', 'the data folder').env('UPWATCH_DATA').default('./data'))
  .option('--name <name>', 'a name to recognise it by', 'cli')
  .action(async (flags: { data: string; name: string }) => {
    process.exitCode = await runTokenCreate(flags.data, flags.name, io);
  });

program
  .command('notify')
  .description('work with notifiers')
  .command('test')
  .description('send a test alert through a notifier of the config file and print what happened')
  .argument('<name>', 'the notifier, as named under notifiers:')
  .addOption(new Option('--config <file>', 'YAML config with the notifier').env('UPWATCH_CONFIG'))
  .action(async (name: string, flags: { config?: string }) => {
    process.exitCode = await runNotifyTest(name, flags.config, io);
  });

await program.parseAsync(process.argv);
