import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../../core/alert.js';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { alertContent } from '../alert-content.js';
import { TELEGRAM_TEXT_LIMIT, telegramPayload } from './telegram-payload.js';

// Checked against https://core.telegram.org/bots/api#sendmessage and #html-style.

const PUBLIC_URL = 'https://upwatch.example.com';
const monitor = aMonitor('m1', { name: 'api' });
const down = aDelivery('alert-1', 'phone', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
const up = aDelivery('alert-2', 'phone', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;
const flapping: Alert = { ...down, id: 'alert-3', type: 'flapping', incident: null };
const testAlert: Alert = { ...down, id: 'alert-4', type: 'test', incident: null };

/**
 * What Telegram does with parse_mode HTML, for the tags we send: the tags go, the four named
 * entities are decoded, and anything else looking like markup makes it answer 400.
 */
function parseTelegramHtml(html: string): string {
  const withoutTags = html.replace(/<b>|<\/b>/g, '');
  assert.doesNotMatch(withoutTags, /[<>]/, 'no markup left but the tags we use');
  assert.doesNotMatch(withoutTags, /&(?!lt;|gt;|amp;|quot;)/, 'every & is an entity');
  return withoutTags.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('telegram payload', () => {
  test('a down alert: the documented sendMessage fields, and the alert laid out line by line', () => {
    const content = alertContent(down, { publicUrl: PUBLIC_URL });
    const payload = telegramPayload(content, '-1001234567890');
    assert.deepEqual(Object.keys(payload).sort(), ['chat_id', 'link_preview_options', 'parse_mode', 'text']);
    assert.equal(payload.chat_id, '-1001234567890');
    assert.equal(payload.parse_mode, 'HTML');
    assert.deepEqual(payload.link_preview_options, { is_disabled: true });

    const lines = payload.text.split('\n');
    assert.equal(lines[0], `🔴 <b>${content.title}</b>`);
    assert.equal(lines[1], '');
    assert.equal(lines[2], content.summary);
    assert.equal(lines[4], `<b>Next step: </b>${content.nextStep}`);
    const factLines = lines.slice(6, 6 + content.facts.length);
    assert.deepEqual(
      factLines,
      content.facts.map((f) => `<b>${f.label}: </b>${f.value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`),
    );
    assert.ok(content.facts.some((f) => f.label === 'Error' && f.value === 'HTTP 503 Service Unavailable'));
    assert.equal(lines.at(-1), `<b>Open in upwatch: </b>${PUBLIC_URL}/monitors/m1`);
    assert.equal(parseTelegramHtml(payload.text).split('\n')[0], `🔴 ${content.title}`);
  });

  test('an up alert: the resolved marker, no next step; no link line without public_url', () => {
    const content = alertContent(up, { publicUrl: null });
    const text = telegramPayload(content, '1').text;
    assert.ok(text.startsWith(`✅ <b>api is UP again after 10m</b>\n\n${content.summary}\n\n<b>Monitor: </b>`), text);
    assert.doesNotMatch(text, /Next step/);
    assert.doesNotMatch(text, /Open in upwatch/);
  });

  test('flapping and test alerts carry their own markers', () => {
    assert.ok(telegramPayload(alertContent(flapping, { publicUrl: null }), '1').text.startsWith('🟠 <b>api is FLAPPING'));
    assert.ok(telegramPayload(alertContent(testAlert, { publicUrl: null }), '1').text.startsWith('ℹ️ <b>upwatch test alert for api</b>'));
  });

  test('markup in a monitor name, an error line or the link is escaped, so Telegram shows it as text', () => {
    const hostile: Alert = {
      ...down,
      monitor: { ...down.monitor, name: '<b>shop</b> & co' },
      check: { ...down.check, error: 'expected <html> & got "</body>"' },
    };
    const content = alertContent(hostile, { publicUrl: 'https://upwatch.example.com/?a=1&b=<c>' });
    const text = telegramPayload(content, '1').text;
    const visible = parseTelegramHtml(text);
    assert.ok(visible.startsWith('🔴 <b>shop</b> & co is DOWN'), visible);
    assert.ok(visible.includes('Error: expected <html> & got "</body>"'));
    assert.ok(visible.endsWith('Open in upwatch: https://upwatch.example.com/?a=1&b=<c>/monitors/m1'), visible);
  });

  test('a huge error line is cut so the text fits 4096 characters, keeping the title, next step and link whole', () => {
    const huge: Alert = { ...down, check: { ...down.check, error: `TypeError: ${'x'.repeat(20_000)}` } };
    const content = alertContent(huge, { publicUrl: PUBLIC_URL });
    const text = telegramPayload(content, '1').text;
    const visible = parseTelegramHtml(text);
    assert.ok(visible.length <= TELEGRAM_TEXT_LIMIT, `${visible.length} characters`);
    assert.ok(visible.length > TELEGRAM_TEXT_LIMIT - 10, 'the room left is used, not wasted');
    assert.ok(visible.includes(content.title));
    assert.ok(visible.includes(`Next step: ${content.nextStep}`));
    assert.match(visible, /\nError: TypeError: x+…\n/);
    assert.ok(visible.endsWith(`\n\nOpen in upwatch: ${PUBLIC_URL}/monitors/m1`));
    for (const fact of content.facts.filter((f) => f.label !== 'Error')) assert.ok(visible.includes(`${fact.label}: ${fact.value}`), fact.label);
  });

  test('cutting never splits an emoji into half a surrogate pair, and counts escapes as one character', () => {
    const emoji: Alert = { ...down, check: { ...down.check, error: `${'&'.repeat(3_000)}${'😀'.repeat(3_000)}` } };
    const text = telegramPayload(alertContent(emoji, { publicUrl: null }), '1').text;
    const visible = parseTelegramHtml(text);
    assert.ok(visible.length <= TELEGRAM_TEXT_LIMIT && visible.length > TELEGRAM_TEXT_LIMIT - 10, `${visible.length}`);
    assert.doesNotMatch(visible, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, 'no lone surrogate');
  });
});
