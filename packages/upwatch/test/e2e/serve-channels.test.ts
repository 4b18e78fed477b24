import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseMime, startSmtpTarget, type SmtpTarget } from '../../src/notifiers/email/test-support/smtp-target.js';
import { generateTestCerts } from '../../src/test-support/certs.js';
import { startServeProcess, type ServeProcess } from '../../src/test-support/serve-process.js';
import { startHttpTarget, type HttpTarget } from '../../src/test-support/targets.js';

/**
 * One real outage, end to end, reaching every kind of channel at once through the real `upwatch
 * serve` process: Slack, Discord, Teams, Telegram, ntfy, PagerDuty (trigger, then resolve with the
 * same dedup_key), Opsgenie (create, then close by alias) and the webhook, each at a local receiver
 * answering as the service does, plus a real SMTP server over STARTTLS with a login. Beside them
 * one more channel hangs on every request: it must not slow the others.
 */

interface Posted {
  at: number;
  path: string;
  body: any;
}

let dir: string;
let target: HttpTarget;
let slack: HttpTarget;
let pagerduty: HttpTarget;
let services: HttpTarget;
let dead: HttpTarget;
let smtp: SmtpTarget;
let server: ServeProcess | undefined;
const slackPosts: Posted[] = [];
const pagerdutyPosts: Posted[] = [];
/** Every other service's requests, by the first segment of the path. */
const servicePosts: Posted[] = [];
const postsTo = (service: string) => servicePosts.filter((p) => p.path.split(/[/?]/)[1] === service);

/** What each service answers on success, by its documented API. */
const SERVICE_ANSWERS: Record<string, { status: number; body: string }> = {
  discord: { status: 200, body: '{"id":"1","type":0}' },
  teams: { status: 202, body: '' },
  telegram: { status: 200, body: '{"ok":true,"result":{"message_id":1}}' },
  ntfy: { status: 200, body: '{"id":"abc","event":"message"}' },
  opsgenie: { status: 202, body: '{"result":"Request will be processed","took":0.1,"requestId":"x"}' },
  webhook: { status: 204, body: '' },
};

/** A receiver that records each JSON body and answers as the real service does. */
function recording(into: Posted[], status: number, answer: string) {
  return (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      into.push({ at: Date.now(), path: req.url ?? '', body: JSON.parse(text) });
      res.writeHead(status, { 'content-type': answer.startsWith('{') ? 'application/json' : 'text/plain' }).end(answer);
    });
  };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-channels-'));
  const certs = await generateTestCerts();
  writeFileSync(join(dir, 'smtp-ca.pem'), certs.selfSigned.cert);
  target = await startHttpTarget('ok');
  slack = await startHttpTarget(recording(slackPosts, 200, 'ok'));
  pagerduty = await startHttpTarget(recording(pagerdutyPosts, 202, '{"status":"success","message":"Event processed"}'));
  services = await startHttpTarget((req, res) => {
    const service = (req.url ?? '').split('/')[1] ?? '';
    const answer = SERVICE_ANSWERS[service] ?? { status: 404, body: 'unknown service' };
    recording(servicePosts, answer.status, answer.body)(req, res);
  });
  dead = await startHttpTarget('hang');
  smtp = await startSmtpTarget({ certificate: certs.selfSigned, users: { upwatch: 'mail-pass' }, authMethods: ['PLAIN', 'LOGIN'] });
  writeFileSync(
    join(dir, 'upwatch.yml'),
    [
      'public_url: https://upwatch.example.com',
      'monitors:',
      '  - name: checkout',
      `    url: ${target.url}/health`,
      '    interval: 2s',
      '    timeout: 2s',
      '    confirm: 1',
      '    notify: [dead, team, chat, office, phone, push, oncall, genie, mail, hook]',
      'notifiers:',
      `  dead: { type: webhook, url: "${dead.url}/hook", timeout: 30s }`,
      `  team: { type: slack, url: "${slack.url}/services/T000/B000/\${SLACK_SECRET}" }`,
      `  oncall: { type: pagerduty, routing_key: "\${PD_ROUTING_KEY}", url: "${pagerduty.url}/v2/enqueue" }`,
      `  chat: { type: discord, url: "${services.url}/discord/api/webhooks/123/DISCORDTOKEN" }`,
      `  office: { type: teams, url: "${services.url}/teams/workflows/abc/triggers/manual/paths/invoke?sig=TEAMSSIG" }`,
      `  phone: { type: telegram, bot_token: "123456:TELEGRAMTOKEN", chat_id: "42", url: "${services.url}/telegram" }`,
      `  push: { type: ntfy, url: "${services.url}/ntfy", topic: "ops-alerts" }`,
      `  genie: { type: opsgenie, api_key: "GENIEKEY", url: "${services.url}/opsgenie" }`,
      `  hook: { type: webhook, url: "${services.url}/webhook/in", secret: "HOOKSECRET" }`,
      '  mail:',
      '    type: email',
      '    from: "upwatch@example.com"',
      '    to: ["ops@example.com"]',
      `    smtp: { host: 127.0.0.1, port: ${smtp.port}, secure: false, user: upwatch, pass: "\${SMTP_PASS}", ca_file: "${join(dir, 'smtp-ca.pem')}" }`,
      '',
    ].join('\n'),
  );
});

after(async () => {
  await server?.stop('SIGKILL');
  await Promise.all([target.close(), slack.close(), pagerduty.close(), services.close(), dead.close(), smtp.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server?.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('an outage reaches every channel once each way, and a hanging channel slows none of them', { timeout: 120_000 }, async () => {
  server = await startServeProcess(['--config', join(dir, 'upwatch.yml'), '--data', join(dir, 'data')], {
    SLACK_SECRET: 'XXXXXXXXXXXXXXXXXXXXXXXX',
    PD_ROUTING_KEY: 'R0123456789abcdef0123456789abcde',
    SMTP_PASS: 'mail-pass',
  });
  await until('the first check', () => target.requests.length > 0);
  await new Promise((r) => setTimeout(r, 500));

  target.set({ status: 502, body: 'Bad Gateway' });
  const outageAt = Date.now();
  const others = ['discord', 'teams', 'telegram', 'ntfy', 'opsgenie', 'webhook'];
  const everyChannelHas = (count: number) =>
    slackPosts.length >= count && pagerdutyPosts.length >= count && smtp.messages.length >= count && others.every((s) => postsTo(s).length >= count);
  await until('the down alert on every working channel', () => everyChannelHas(1));
  const arrivedWithin = Math.max(slackPosts[0]!.at, pagerdutyPosts[0]!.at) - outageAt;
  // The dead channel's first request hangs for 30 s; the others arrive within the confirmation time.
  assert.ok(arrivedWithin < 10_000, `down alerts took ${arrivedWithin} ms`);
  assert.ok(dead.requests.length >= 1, 'the dead channel was tried too');

  const slackDown = slackPosts[0]!;
  assert.equal(slackDown.path, '/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX');
  assert.match(slackDown.body.text, /checkout is DOWN: HTTP 502: the proxy got a bad answer from the upstream/);
  assert.ok(Array.isArray(slackDown.body.blocks) && slackDown.body.blocks[0].type === 'header');
  assert.ok(JSON.stringify(slackDown.body.blocks).includes('https://upwatch.example.com/monitors/'));

  const trigger = pagerdutyPosts[0]!;
  assert.equal(trigger.path, '/v2/enqueue');
  assert.equal(trigger.body.event_action, 'trigger');
  assert.equal(trigger.body.routing_key, 'R0123456789abcdef0123456789abcde');
  assert.match(trigger.body.payload.summary, /checkout is DOWN/);
  assert.equal(trigger.body.payload.severity, 'critical');

  const downMail = parseMime(smtp.messages[0]!.raw);
  assert.equal(smtp.messages[0]!.secure, true, 'STARTTLS before the login');
  assert.equal(smtp.messages[0]!.user, 'upwatch');
  assert.match(downMail.headers.get('subject') ?? '', /checkout is DOWN/);

  target.set('ok');
  const [discordDown] = postsTo('discord');
  assert.equal(discordDown!.path, '/discord/api/webhooks/123/DISCORDTOKEN?wait=true');
  assert.match(discordDown!.body.embeds[0].title, /checkout is DOWN/);
  const [teamsDown] = postsTo('teams');
  assert.equal(teamsDown!.body.type, 'message');
  assert.equal(teamsDown!.body.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
  assert.equal(teamsDown!.body.attachments[0].content.type, 'AdaptiveCard');
  const [telegramDown] = postsTo('telegram');
  assert.equal(telegramDown!.path, '/telegram/bot123456:TELEGRAMTOKEN/sendMessage');
  assert.equal(telegramDown!.body.chat_id, '42');
  assert.equal(telegramDown!.body.parse_mode, 'HTML');
  assert.match(telegramDown!.body.text, /checkout is DOWN/);
  const [ntfyDown] = postsTo('ntfy');
  assert.equal(ntfyDown!.body.topic, 'ops-alerts');
  assert.match(ntfyDown!.body.title, /checkout is DOWN/);
  const [genieCreate] = postsTo('opsgenie');
  assert.equal(genieCreate!.path, '/opsgenie/v2/alerts');
  assert.match(genieCreate!.body.message, /checkout is DOWN/);
  const [hookDown] = postsTo('webhook');
  assert.equal(hookDown!.body.event, 'down');
  assert.equal(hookDown!.body.incident.id, trigger.body.dedup_key, 'every channel tells of the same incident');

  await until('the recovery on every working channel', () => everyChannelHas(2));
  assert.match(slackPosts[1]!.body.text, /checkout is UP again/);
  const resolve = pagerdutyPosts[1]!;
  assert.equal(resolve.body.event_action, 'resolve');
  assert.equal(resolve.body.dedup_key, trigger.body.dedup_key, 'one dedup_key from trigger to resolve');
  assert.match(parseMime(smtp.messages[1]!.raw).headers.get('subject') ?? '', /checkout is UP again/);
  assert.match(postsTo('discord')[1]!.body.embeds[0].title, /checkout is UP again/);
  assert.match(postsTo('telegram')[1]!.body.text, /checkout is UP again/);
  assert.match(postsTo('ntfy')[1]!.body.title, /checkout is UP again/);
  assert.equal(postsTo('opsgenie')[1]!.path, `/opsgenie/v2/alerts/${encodeURIComponent(genieCreate!.body.alias)}/close?identifierType=alias`);
  assert.equal(postsTo('webhook')[1]!.body.event, 'up');

  // Exactly once each way: nothing more arrives.
  await new Promise((r) => setTimeout(r, 3_000));
  assert.equal(slackPosts.length, 2);
  assert.equal(pagerdutyPosts.length, 2);
  assert.equal(smtp.messages.length, 2);
  for (const service of others) assert.equal(postsTo(service).length, 2, service);
  assert.ok(!server.output().includes('XXXXXXXXXXXXXXXXXXXXXXXX'), 'the Slack secret is never logged');
  for (const secret of ['DISCORDTOKEN', 'TEAMSSIG', 'TELEGRAMTOKEN', 'GENIEKEY', 'HOOKSECRET']) assert.ok(!server.output().includes(secret), `${secret} is never logged`);
  assert.ok(!server.output().includes('mail-pass'), 'the SMTP password is never logged');
  // A delivery still hanging on the dead channel is cut off after the shutdown's grace period.
  const stopping = Date.now();
  assert.equal(await server.stop('SIGTERM'), 0);
  assert.ok(Date.now() - stopping < 15_000, `shutdown took ${Date.now() - stopping} ms`);
  server = undefined;
});
