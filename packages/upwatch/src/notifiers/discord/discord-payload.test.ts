import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../../core/alert.js';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { alertContent, type AlertContent } from '../alert-content.js';
import { DISCORD_COLORS, DISCORD_LIMITS, discordPayload, escapeMarkdown, type DiscordEmbed } from './discord-payload.js';

// Checked against Discord's documented Execute Webhook body and embed limits, cited at the top of discord-payload.ts.

const monitor = aMonitor('m1', { name: 'api' });
const down = aDelivery('alert-1', 'chat', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
const up = aDelivery('alert-2', 'chat', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;
const reminder: Alert = { ...down, id: 'alert-3', type: 'reminder', at: T0 + 3_600_000 };
const flapping: Alert = { ...down, id: 'alert-4', type: 'flapping', incident: null };
const testAlert: Alert = { ...down, id: 'alert-5', type: 'test', incident: null };

const embedOf = (alert: Alert, publicUrl: string | null = null): DiscordEmbed => discordPayload(alertContent(alert, { publicUrl }), alert).embeds[0];
/** What Discord adds up against its 6000-character cap. */
const totalOf = (e: DiscordEmbed) => e.title.length + e.description.length + e.footer.text.length + e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('discord payload', () => {
  test('a down alert: one red embed linking to the dashboard, the facts as fields, and no pings', () => {
    const field = (name: string, value: string, inline = true) => ({ name, value, inline });
    assert.deepEqual(discordPayload(alertContent(down, { publicUrl: 'https://upwatch.example.com' }), down), {
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: 'api is DOWN: HTTP 503: the service is unavailable',
          description:
            'The server says it cannot take requests right now: overloaded, out of workers, or in maintenance. A Retry-After header, when present, says when to come back.' +
            '\n\n**Next step:** Check load, worker and connection pool limits and any maintenance in progress; scale out if it is overload.',
          url: 'https://upwatch.example.com/monitors/m1',
          color: 0xed4245,
          timestamp: '2026-01-01T00:01:00.000Z',
          fields: [
            field('Monitor', 'GET http://127.0.0.1:8080/m1'),
            field('Failure', 'HTTP 503: the service is unavailable'),
            field('Status', 'HTTP 503'),
            field('Error', 'HTTP 503 Service Unavailable'),
            field('Request id we sent', 'req-1767225660000'),
            field("Server's request id", 'srv-1767225660000'),
            field('Timings', 'dns 1.5 ms · connect 2.2 ms · tls 3.1 ms · first byte 40.5 ms · total 47.3 ms', false),
            field('Started', '2026-01-01 00:00:00 UTC'),
            field('Trace id', 'trace-1767225660000'),
          ],
          footer: { text: 'upwatch · down · incident inc-1' },
        },
      ],
    });
  });

  test('an up alert: green, no next step, and no title link without public_url', () => {
    const embed = embedOf(up);
    assert.equal(embed.title, 'api is UP again after 10m');
    assert.equal(embed.description, 'The endpoint answers as expected again.');
    assert.equal(embed.color, 0x57f287);
    assert.equal('url' in embed, false);
    assert.equal(embed.timestamp, '2026-01-01T00:10:00.000Z');
    assert.deepEqual(
      embed.fields.map((f) => f.name),
      ['Monitor', 'Downtime', 'Was', 'Down since', 'Recovered at', 'Response time'],
    );
    assert.equal(embed.footer.text, 'upwatch · up · incident inc-1');
  });

  test('each severity has its colour; alerts without an incident leave it out of the footer', () => {
    assert.equal(embedOf(reminder).color, DISCORD_COLORS.critical);
    assert.match(embedOf(reminder).title, /^api is STILL DOWN/);
    assert.ok(embedOf(reminder).fields.some((f) => f.name === 'Down for' && f.value === '1h'));
    assert.equal(embedOf(flapping).color, 0xfee75c);
    assert.equal(embedOf(flapping).footer.text, 'upwatch · flapping');
    assert.equal(embedOf(testAlert).color, 0x5865f2);
    assert.equal(embedOf(testAlert).footer.text, 'upwatch · test');
  });

  test('markdown and mentions from outside are shown as text, not acted on', () => {
    const hostile: Alert = {
      ...down,
      monitor: { ...down.monitor, name: '**api** <@&123> [x](https://evil.example)' },
      check: { ...down.check, error: '# big\n- item\n  1. one\n> quote `code` ||spoiler|| ~~gone~~ _it_ \\ @everyone' },
    };
    const payload = discordPayload(alertContent(hostile, { publicUrl: null }), hostile);
    const embed = payload.embeds[0];
    assert.deepEqual(payload.allowed_mentions, { parse: [] });
    assert.equal(embed.title, '\\*\\*api\\*\\* \\<@&123\\> \\[x\\]\\(https://evil.example\\) is DOWN: HTTP 503: the service is unavailable');
    assert.equal(
      embed.fields.find((f) => f.name === 'Error')!.value,
      '\\# big\n\\- item\n  1\\. one\n\\> quote \\`code\\` \\|\\|spoiler\\|\\| \\~\\~gone\\~\\~ \\_it\\_ \\\\ @everyone',
    );
    // Inline only where a symbol acts inline: a hyphen or digit mid-line is left alone.
    assert.equal(escapeMarkdown('2026-01-01 took 1.5 s - ok'), '2026-01-01 took 1.5 s - ok');
  });

  test('huge texts are cut to every limit and to 6000 in all, never inside an emoji or an escape', () => {
    const content: AlertContent = {
      ...alertContent(down, { publicUrl: null }),
      title: '🚀'.repeat(300),
      summary: 'x'.repeat(5_000),
      nextStep: 'y'.repeat(5_000),
      facts: Array.from({ length: 30 }, (_, i) => ({ label: `${i}`.repeat(300), value: '*'.repeat(2_000) })),
    };
    const embed = discordPayload(content, down).embeds[0];
    assert.ok(embed.title.length <= DISCORD_LIMITS.title && embed.title.endsWith('…'));
    assert.ok(embed.description.length <= DISCORD_LIMITS.description);
    assert.match(embed.description, /^x+…\n\n\*\*Next step:\*\* y+…$/);
    assert.ok(embed.fields.length >= 1 && embed.fields.length <= DISCORD_LIMITS.fields);
    for (const field of embed.fields) {
      assert.ok(field.name.length <= DISCORD_LIMITS.fieldName);
      assert.ok(field.value.length <= DISCORD_LIMITS.fieldValue);
      assert.match(field.value, /^(\\\*)+…$/, 'an escape is kept whole, or dropped whole');
    }
    assert.ok(totalOf(embed) <= DISCORD_LIMITS.total, `total ${totalOf(embed)}`);
    assert.ok(!LONE_SURROGATE.test(JSON.stringify(embed)));
  });

  test('a long error line is cut to a field, and the facts after it still fit', () => {
    const long: Alert = { ...down, check: { ...down.check, error: `ECONNRESET ${'a'.repeat(10_000)}` } };
    const embed = embedOf(long);
    const error = embed.fields.find((f) => f.name === 'Error')!;
    assert.equal(error.value.length, DISCORD_LIMITS.fieldValue);
    assert.equal(error.inline, false);
    assert.equal(embed.fields.at(-1)!.name, 'Trace id');
    assert.ok(totalOf(embed) <= DISCORD_LIMITS.total);
  });
});
