import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../../core/alert.js';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { alertContent, type AlertContent } from '../alert-content.js';
import { SLACK_LIMITS, slackPayload, type SlackBlock, type SlackMrkdwn } from './slack-payload.js';

// Checked against Slack's documented Block Kit shapes and limits, cited at the top of slack-payload.ts.

const monitor = aMonitor('m1', { name: 'api' });
const down = aDelivery('alert-1', 'team', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
const up = aDelivery('alert-2', 'team', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;
const reminder: Alert = { ...down, id: 'alert-3', type: 'reminder', at: T0 + 3_600_000 };
const flapping: Alert = { ...down, id: 'alert-4', type: 'flapping', incident: null };
const testAlert: Alert = { ...down, id: 'alert-5', type: 'test', incident: null };

const render = (alert: Alert, publicUrl: string | null = null) => slackPayload(alertContent(alert, { publicUrl }), alert);
const mrkdwnTexts = (blocks: SlackBlock[]): SlackMrkdwn[] =>
  blocks.flatMap((b) => (b.type === 'section' ? ('text' in b ? [b.text] : b.fields) : b.type === 'context' ? b.elements : []));
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('slack payload', () => {
  test('a down alert: fallback text, header, summary, facts as fields, next step, context, dashboard button', () => {
    const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${value}`, verbatim: true });
    assert.deepEqual(render(down, 'https://upwatch.example.com'), {
      text: 'api is DOWN: HTTP 503: the service is unavailable',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '🔴 api is DOWN: HTTP 503: the service is unavailable', emoji: true } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'The server says it cannot take requests right now: overloaded, out of workers, or in maintenance. A Retry-After header, when present, says when to come back.',
            verbatim: true,
          },
        },
        {
          type: 'section',
          fields: [
            field('Monitor', 'GET http://127.0.0.1:8080/m1'),
            field('Failure', 'HTTP 503: the service is unavailable'),
            field('Status', 'HTTP 503'),
            field('Error', 'HTTP 503 Service Unavailable'),
            field('Request id we sent', 'req-1767225660000'),
            field("Server's request id", 'srv-1767225660000'),
            field('Timings', 'dns 1.5 ms · connect 2.2 ms · tls 3.1 ms · first byte 40.5 ms · total 47.3 ms'),
            field('Started', '2026-01-01 00:00:00 UTC'),
            field('Trace id', 'trace-1767225660000'),
          ],
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Next step:* Check load, worker and connection pool limits and any maintenance in progress; scale out if it is overload.',
            verbatim: true,
          },
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'upwatch · down · incident inc-1 · <!date^1767225660^{date_short_pretty} {time_secs}|2026-01-01T00:01:00Z>', verbatim: true }],
        },
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'Open in upwatch', emoji: true }, url: 'https://upwatch.example.com/monitors/m1', action_id: 'upwatch-open-monitor' },
          ],
        },
      ],
    });
  });

  test('an up alert: green header, the recovery facts, no next step, and no button without public_url', () => {
    const payload = render(up);
    assert.equal(payload.text, 'api is UP again after 10m');
    assert.deepEqual(payload.blocks[0], { type: 'header', text: { type: 'plain_text', text: '✅ api is UP again after 10m', emoji: true } });
    assert.deepEqual(
      payload.blocks.map((b) => b.type),
      ['header', 'section', 'section', 'context'],
    );
    const fields = payload.blocks[2]!.type === 'section' && 'fields' in payload.blocks[2]! ? payload.blocks[2].fields : [];
    assert.deepEqual(
      fields.map((f) => f.text.split('\n')[0]),
      ['*Monitor*', '*Downtime*', '*Was*', '*Down since*', '*Recovered at*', '*Response time*'],
    );
    assert.ok(!JSON.stringify(payload).includes('Next step'));
  });

  test('each event gets its colour mark; alerts without an incident leave it out of the context line', () => {
    const headerOf = (alert: Alert) => (render(alert).blocks[0] as { text: { text: string } }).text.text;
    assert.match(headerOf(reminder), /^🔴 api is STILL DOWN/);
    assert.match(headerOf(flapping), /^🟠 api is FLAPPING/);
    assert.match(headerOf(testAlert), /^ℹ️ upwatch test alert for api/);
    const contextOf = (alert: Alert) => (render(alert).blocks.find((b) => b.type === 'context') as { elements: SlackMrkdwn[] }).elements[0]!.text;
    assert.match(contextOf(reminder), /^upwatch · reminder · incident inc-1 · <!date\^1767229200\^/);
    assert.match(contextOf(flapping), /^upwatch · flapping · <!date\^/);
    assert.match(contextOf(testAlert), /^upwatch · test · <!date\^/);
    // The reminder's ten facts (Down for included) fill one fields section: Slack's maximum.
    const reminderFields = render(reminder).blocks.filter((b) => b.type === 'section' && 'fields' in b);
    assert.equal(reminderFields.length, 1);
  });

  test('text from outside is escaped for mrkdwn and cannot ping a channel; the plain-text header is left as is', () => {
    const hostile: Alert = {
      ...down,
      monitor: { ...down.monitor, name: 'api <!channel> & co' },
      check: { ...down.check, error: '<@U123> <https://evil.example|click> & more' },
    };
    const payload = render(hostile);
    const json = JSON.stringify(payload.blocks.slice(1));
    assert.ok(!/<!channel>|<@U123>|<https:/.test(json), json);
    assert.equal(payload.text, 'api &lt;!channel&gt; &amp; co is DOWN: HTTP 503: the service is unavailable');
    assert.ok(json.includes('&lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; more'));
    assert.equal((payload.blocks[0] as { text: { text: string } }).text.text, '🔴 api <!channel> & co is DOWN: HTTP 503: the service is unavailable');
    for (const text of mrkdwnTexts(payload.blocks)) assert.equal(text.verbatim, true, 'no auto-linking of names and mentions');
  });

  test('a huge error, name and summary are cut to Slack\'s limits with an ellipsis, never inside an escape or an emoji', () => {
    const huge: Alert = {
      ...down,
      monitor: { ...down.monitor, name: '🚀'.repeat(400) },
      check: { ...down.check, error: '&'.repeat(5_000) },
    };
    const content = alertContent(huge, { publicUrl: null });
    const payload = slackPayload({ ...content, summary: 'x<'.repeat(4_000) }, huge);
    const header = (payload.blocks[0] as { text: { text: string } }).text.text;
    assert.ok(header.length <= SLACK_LIMITS.header && header.endsWith('…'));
    for (const block of payload.blocks) {
      if (block.type === 'section' && 'text' in block) assert.ok(block.text.text.length <= SLACK_LIMITS.sectionText);
      if (block.type === 'section' && 'fields' in block) {
        assert.ok(block.fields.length >= 1 && block.fields.length <= SLACK_LIMITS.fieldsPerSection);
        for (const field of block.fields) assert.ok(field.text.length <= SLACK_LIMITS.fieldText, `${field.text.length}`);
      }
    }
    const error = mrkdwnTexts(payload.blocks).find((t) => t.text.startsWith('*Error*'))!;
    assert.match(error.text, /^\*Error\*\n(&amp;)+…$/);
    assert.match((payload.blocks[1] as { text: SlackMrkdwn }).text.text, /^(x&lt;)+x?…$/);
    assert.ok(payload.text.length <= SLACK_LIMITS.sectionText);
    assert.ok(!LONE_SURROGATE.test(JSON.stringify(payload)), 'no emoji was cut in half');
  });

  test('more than ten facts go into as many fields sections as they need', () => {
    const content: AlertContent = {
      ...alertContent(down, { publicUrl: null }),
      facts: Array.from({ length: 23 }, (_, i) => ({ label: `fact ${i}`, value: `value ${i}` })),
    };
    const sections = slackPayload(content, down).blocks.filter((b): b is { type: 'section'; fields: SlackMrkdwn[] } => b.type === 'section' && 'fields' in b);
    assert.deepEqual(
      sections.map((s) => s.fields.length),
      [10, 10, 3],
    );
    assert.equal(sections[2]!.fields[2]!.text, '*fact 22*\nvalue 22');
  });

  test('a dashboard link longer than a button allows is left out rather than cut', () => {
    const content: AlertContent = { ...alertContent(down, { publicUrl: null }), link: `https://upwatch.example.com/${'a'.repeat(3_000)}` };
    assert.ok(!slackPayload(content, down).blocks.some((b) => b.type === 'actions'));
  });
});
