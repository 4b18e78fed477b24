/**
 * upwatch as a library: start the monitor in-process, run one check, read the failure kinds.
 * Most people use the `upwatch` command instead.
 * @example
 * const server = await startServer({ dataDir: './data', host: '127.0.0.1', port: 3000, logger: pino(), print: console.log });
 */
export { startServer, type ServerOptions, type RunningServer, type ReloadReport } from './server.js';
export { createHttpProbe } from './probes/http/http-probe.js';
export type { Probe } from './probes/probe.js';
export { FAILURE_KINDS, FAILURE_EXPLANATIONS, explain, type FailureKind } from './core/failure-kinds.js';
export type { CheckResult, Timings } from './core/check-result.js';
export type { MonitorSpec } from './core/monitor.js';
export { loadConfigFile, parseConfigText } from './config/load-config.js';
export type { WebhookPayload } from './notifiers/webhook/webhook-payload.js';
export { VERSION } from './version.js';
