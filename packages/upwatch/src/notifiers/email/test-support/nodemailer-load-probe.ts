// Run as its own process (node --import tsx): prints how many nodemailer modules were resolved
// after creating an email notifier, and after its first send. A module hook sees every import,
// so this tells a lazy load from an eager one without trusting the code under test.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { aDelivery, aMonitor, T0 } from '../../../store/store-fixtures.js';
import { freePort } from '../../../test-support/targets.js';

const { port1, port2 } = new MessageChannel();
const resolved: string[] = [];
port1.on('message', (url: string) => resolved.push(url));
port1.unref();
const hooks = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (/[\\\\/]node_modules[\\\\/]nodemailer[\\\\/]/.test(result.url)) port.postMessage(result.url);
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });

// Imported after the hook is in place, so the hook sees whatever it imports.
const { createEmailNotifier } = await import('../email-notifier.js');
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

const port = await freePort();
const notifier = createEmailNotifier(
  'mail',
  { type: 'email', name: 'mail', from: 'upwatch@example.com', to: ['ops@example.com'], smtp: { host: '127.0.0.1', port, secure: false, user: null, pass: null, requireTls: false, ca: null }, timeoutMs: 1_000 },
  { publicUrl: null },
);
await settle();
const afterCreate = resolved.length;
const result = await notifier.send(aDelivery('alert-1', 'mail', T0, aMonitor('m1')).alert, { deliveryId: 1, attempt: 1, signal: new AbortController().signal });
await settle();
process.stdout.write(`${JSON.stringify({ afterCreate, afterSend: resolved.length, sent: result.ok })}\n`);
