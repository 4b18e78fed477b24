import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../../core/alert.js';
import { aDelivery, aFailedCheck, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { alertContent, type AlertContent } from '../alert-content.js';
import { emailMessage, escapeHtml, MAX_FACT_CHARS, MAX_SUBJECT_CHARS } from './email-payload.js';

// Checked against nodemailer's message fields (https://nodemailer.com/message/) and RFC 5322:
// one subject line, two bodies that say the same, msg-ids in angle brackets.
const monitor = aMonitor('m1');
const down = aDelivery('alert-1', 'mail', T0 + 10_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
const up = aDelivery('alert-2', 'mail', T0 + 70_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 70_000)).alert;
const reminder: Alert = { ...down, id: 'alert-3', type: 'reminder', at: T0 + 3_600_000 };
const flapping: Alert = { ...aDelivery('alert-4', 'mail', T0, monitor).alert, type: 'flapping', incident: null };
const testAlert: Alert = { ...aDelivery('alert-5', 'mail', T0, monitor).alert, type: 'test', incident: null };

const render = (alert: Alert, publicUrl: string | null = null) => {
  const content = alertContent(alert, { publicUrl });
  return { content, message: emailMessage(content, alert, { domain: 'example.com' }) };
};

/** The HTML table row a fact becomes, escaped. */
const htmlRow = (fact: AlertContent['facts'][number]) => new RegExp(`<th scope="row"[^>]*>${escapeRe(escapeHtml(fact.label))}</th><td[^>]*>${escapeRe(escapeHtml(fact.value))}</td></tr>`);

describe('email message', () => {
  test('a down: the subject is the title; the text part has title, summary, next step, every fact in order, the link and a signed footer', () => {
    const { content, message } = render(down, 'https://upwatch.example.com');
    assert.equal(message.subject, 'monitor m1 is DOWN: HTTP 503: the service is unavailable');
    assert.equal(message.subject, content.title);
    const lines = message.text.split('\n');
    assert.equal(lines[0], content.title);
    assert.equal(lines[1], '');
    assert.equal(lines[2], content.summary);
    assert.ok(content.nextStep);
    assert.equal(lines[4], `Next step: ${content.nextStep}`);
    const factLines = lines.slice(6, 6 + content.facts.length);
    assert.equal(content.facts.length, 9);
    content.facts.forEach((fact, i) => assert.match(factLines[i] ?? '', new RegExp(`^${escapeRe(fact.label)}: +${escapeRe(fact.value)}$`)));
    // The values line up in one column.
    assert.equal(new Set(factLines.map((l, i) => l.length - (content.facts[i]?.value.length ?? 0))).size, 1);
    assert.ok(lines.includes('Open in upwatch: https://upwatch.example.com/monitors/m1'));
    assert.deepEqual(lines.slice(-3), ['-- ', 'upwatch · down alert alert-1 · 2026-01-01T00:00:10.000Z', '']);
  });

  test('a down: the HTML part says the same, escaped, with a table of the facts and a button to the link', () => {
    const { content, message } = render(down, 'https://upwatch.example.com');
    assert.match(message.html, /^<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">/);
    assert.match(message.html, new RegExp(`<title>${escapeRe(content.title)}</title>`));
    assert.match(message.html, new RegExp(`<h1[^>]*color:#cf222e[^>]*>${escapeRe(content.title)}</h1>`));
    assert.match(message.html, new RegExp(`<p[^>]*>${escapeRe(escapeHtml(content.summary))}</p>`));
    assert.match(message.html, new RegExp(`<strong>Next step:</strong> ${escapeRe(escapeHtml(content.nextStep ?? ''))}</p>`));
    let last = -1;
    for (const fact of content.facts) {
      const found = htmlRow(fact).exec(message.html);
      assert.ok(found, `row for ${fact.label}`);
      assert.ok(found.index > last, `${fact.label} in reading order`);
      last = found.index;
    }
    assert.match(message.html, /Server&#39;s request id/);
    assert.match(message.html, /<a href="https:\/\/upwatch\.example\.com\/monitors\/m1"[^>]*>Open in upwatch<\/a>/);
    assert.match(message.html, /upwatch · down alert alert-1 · 2026-01-01T00:00:10\.000Z<\/td>/);
  });

  test('markup in the alert is text in the HTML part and stays as written in the plain part', () => {
    const hostile = { ...down, check: { ...down.check, error: '<script>alert("x")</script> & \'y\'' } };
    const { message } = render(hostile);
    assert.doesNotMatch(message.html, /<script>/);
    assert.match(message.html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;y&#39;/);
    assert.match(message.text, /^Error: +<script>alert\("x"\)<\/script> & 'y'$/m);
  });

  test('headers: high priority for an outage, Auto-Submitted so responders stay quiet, the ids for filters', () => {
    const { message } = render(down);
    assert.equal(message.priority, 'high');
    assert.deepEqual(message.headers, { 'Auto-Submitted': 'auto-generated', 'X-Upwatch-Event': 'down', 'X-Upwatch-Alert-Id': 'alert-1', 'X-Upwatch-Monitor': 'm1' });
  });

  test('an up: no next step, the downtime, normal priority, green, and in the down\'s thread', () => {
    const { content, message } = render(up);
    assert.equal(message.subject, 'monitor m1 is UP again after 1m10s');
    assert.equal(content.nextStep, null);
    assert.doesNotMatch(message.text, /Next step/);
    assert.doesNotMatch(message.html, /Next step/);
    assert.match(message.text, /^Downtime: +1m10s$/m);
    assert.match(message.html, /color:#1a7f37/);
    assert.equal(message.priority, 'normal');
    assert.doesNotMatch(message.text, /Open in upwatch/, 'no link without public_url');
    assert.doesNotMatch(message.html, /<a /);
    assert.equal(message.messageId, '<alert-alert-2@example.com>');
    assert.equal(message.inReplyTo, '<incident-inc-1@example.com>');
    assert.equal(message.references, '<incident-inc-1@example.com>');
  });

  test('the down opens the incident\'s thread; a reminder joins it; alerts without an incident stand alone', () => {
    const opened = render(down).message;
    assert.equal(opened.messageId, '<incident-inc-1@example.com>');
    assert.equal(opened.inReplyTo, null);
    assert.equal(opened.references, null);
    const again = render(reminder).message;
    assert.equal(again.subject, 'monitor m1 is STILL DOWN: HTTP 503: the service is unavailable');
    assert.equal(again.messageId, '<alert-alert-3@example.com>');
    assert.equal(again.references, opened.messageId);
    assert.match(again.text, /^Down for: +1h$/m);
    for (const alone of [flapping, testAlert]) {
      const { message } = render(alone);
      assert.equal(message.references, null);
      assert.equal(message.messageId, `<alert-${alone.id}@example.com>`);
    }
  });

  test('flapping and test alerts', () => {
    const flap = render(flapping).message;
    assert.equal(flap.subject, 'monitor m1 is FLAPPING: HTTP 503: the service is unavailable');
    assert.match(flap.html, /color:#9a6700/);
    const tested = render(testAlert).message;
    assert.equal(tested.subject, 'upwatch test alert for monitor m1');
    assert.match(tested.text, /If you can read it, this channel works\./);
    assert.equal(tested.priority, 'normal');
  });

  test('a long error or name is cut with an ellipsis; ids are made safe for a Message-ID', () => {
    const long = aDelivery('alert/6 x', 'mail', T0, aMonitor('m1', { name: 'n'.repeat(400) }), anIncident('inc 7', 'm1', T0)).alert;
    const huge = { ...long, check: { ...aFailedCheck('m1', T0), error: 'e'.repeat(5_000) } } as Alert;
    const { message } = render(huge);
    assert.equal([...message.subject].length, MAX_SUBJECT_CHARS);
    assert.ok(message.subject.endsWith('…'));
    const errorLine = message.text.split('\n').find((l) => l.startsWith('Error:')) ?? '';
    assert.ok(errorLine.endsWith(`${'e'.repeat(MAX_FACT_CHARS - 1)}…`));
    assert.ok(!errorLine.includes('e'.repeat(MAX_FACT_CHARS)));
    assert.equal(message.messageId, '<incident-inc-7@example.com>');
    assert.equal(render({ ...huge, type: 'reminder' }).message.messageId, '<alert-alert/6-x@example.com>');
  });
});

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
