import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../../core/alert.js';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { alertContent, type AlertContent } from '../alert-content.js';
import { TEAMS_LIMITS, escapeMarkdown, teamsPayload, type TeamsAdaptiveCard, type TeamsFactSet, type TeamsTextBlock } from './teams-payload.js';

// Checked against the documented Workflows webhook body and Adaptive Card 1.2 schema, cited at the top of teams-payload.ts.

const monitor = aMonitor('m1', { name: 'api' });
const down = aDelivery('alert-1', 'office', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
const up = aDelivery('alert-2', 'office', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;
const reminder: Alert = { ...down, id: 'alert-3', type: 'reminder', at: T0 + 3_600_000 };
const flapping: Alert = { ...down, id: 'alert-4', type: 'flapping', incident: null };
const testAlert: Alert = { ...down, id: 'alert-5', type: 'test', incident: null };

const cardOf = (alert: Alert, publicUrl: string | null = null): TeamsAdaptiveCard => teamsPayload(alertContent(alert, { publicUrl }), alert).attachments[0].content;
const texts = (card: TeamsAdaptiveCard) => card.body.filter((e): e is TeamsTextBlock => e.type === 'TextBlock');
const factsOf = (card: TeamsAdaptiveCard) => card.body.find((e): e is TeamsFactSet => e.type === 'FactSet')?.facts ?? [];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('teams payload', () => {
  test('a down alert: a message with one Adaptive Card of title, summary, facts, next step, context and a link', () => {
    const fact = (title: string, value: string) => ({ title, value });
    assert.deepEqual(teamsPayload(alertContent(down, { publicUrl: 'https://upwatch.example.com' }), down), {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.2',
            body: [
              { type: 'TextBlock', text: 'api is DOWN: HTTP 503: the service is unavailable', wrap: true, size: 'Large', weight: 'Bolder', color: 'Attention' },
              {
                type: 'TextBlock',
                text: 'The server says it cannot take requests right now: overloaded, out of workers, or in maintenance. A Retry-After header, when present, says when to come back.',
                wrap: true,
              },
              {
                type: 'FactSet',
                facts: [
                  fact('Monitor', 'GET http://127.0.0.1:8080/m1'),
                  fact('Failure', 'HTTP 503: the service is unavailable'),
                  fact('Status', 'HTTP 503'),
                  fact('Error', 'HTTP 503 Service Unavailable'),
                  fact('Request id we sent', 'req-1767225660000'),
                  fact("Server's request id", 'srv-1767225660000'),
                  fact('Timings', 'dns 1.5 ms · connect 2.2 ms · tls 3.1 ms · first byte 40.5 ms · total 47.3 ms'),
                  fact('Started', '2026-01-01 00:00:00 UTC'),
                  fact('Trace id', 'trace-1767225660000'),
                ],
              },
              {
                type: 'TextBlock',
                text: '**Next step:** Check load, worker and connection pool limits and any maintenance in progress; scale out if it is overload.',
                wrap: true,
              },
              {
                type: 'TextBlock',
                text: 'upwatch · down · incident inc-1 · {{DATE(2026-01-01T00:01:00Z, SHORT)}} {{TIME(2026-01-01T00:01:00Z)}}',
                wrap: true,
                size: 'Small',
                isSubtle: true,
              },
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Open in upwatch', url: 'https://upwatch.example.com/monitors/m1' }],
            msteams: { width: 'Full' },
          },
        },
      ],
    });
  });

  test('an up alert: a green title, the recovery facts, no next step, and no button without public_url', () => {
    const card = cardOf(up);
    assert.deepEqual(texts(card)[0], { type: 'TextBlock', text: 'api is UP again after 10m', wrap: true, size: 'Large', weight: 'Bolder', color: 'Good' });
    assert.deepEqual(
      factsOf(card).map((f) => f.title),
      ['Monitor', 'Downtime', 'Was', 'Down since', 'Recovered at', 'Response time'],
    );
    assert.ok(!texts(card).some((t) => t.text.startsWith('**Next step:**')));
    assert.equal('actions' in card, false);
    assert.match(texts(card).at(-1)!.text, /^upwatch · up · incident inc-1 · \{\{DATE\(2026-01-01T00:10:00Z, SHORT\)\}\}/);
  });

  test('each severity has its colour; alerts without an incident leave it out of the context line', () => {
    const titleOf = (alert: Alert) => texts(cardOf(alert))[0]!;
    assert.equal(titleOf(reminder).color, 'Attention');
    assert.equal(titleOf(flapping).color, 'Warning');
    assert.equal(titleOf(testAlert).color, 'Accent');
    assert.match(texts(cardOf(flapping)).at(-1)!.text, /^upwatch · flapping · \{\{DATE/);
    assert.match(texts(cardOf(testAlert)).at(-1)!.text, /^upwatch · test · \{\{DATE/);
    assert.ok(factsOf(cardOf(reminder)).some((f) => f.title === 'Down for' && f.value === '1h'));
  });

  test('markdown from outside is shown as text: no bold, italics, links or lists made by an error line', () => {
    const hostile: Alert = {
      ...down,
      monitor: { ...down.monitor, name: 'api_v2 **prod**' },
      check: { ...down.check, error: '[click](https://evil.example)\n- item\n 1. one \\ done' },
    };
    const card = cardOf(hostile);
    assert.equal(texts(card)[0]!.text, 'api\\_v2 \\*\\*prod\\*\\* is DOWN: HTTP 503: the service is unavailable');
    assert.equal(factsOf(card).find((f) => f.title === 'Error')!.value, '\\[click\\](https://evil.example)\n\\- item\n 1\\. one \\\\ done');
    assert.equal(escapeMarkdown('2026-01-01 took 1.5 s - ok'), '2026-01-01 took 1.5 s - ok');
  });

  test('a huge error line and summary are cut so the message stays well under 28 KB, never inside an emoji or an escape', () => {
    const content: AlertContent = {
      ...alertContent(down, { publicUrl: null }),
      title: '🚀'.repeat(500),
      summary: '障'.repeat(20_000),
      facts: Array.from({ length: 40 }, (_, i) => ({ label: `fact ${i}`, value: '_'.repeat(5_000) })),
    };
    const payload = teamsPayload(content, down);
    const bytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
    assert.ok(bytes <= TEAMS_LIMITS.budgetBytes && bytes < TEAMS_LIMITS.messageBytes, `${bytes} bytes`);
    const card = payload.attachments[0].content;
    assert.ok(texts(card)[0]!.text.length <= 300 && texts(card)[0]!.text.endsWith('…'));
    assert.match(texts(card)[1]!.text, /^障+…$/);
    assert.equal(factsOf(card).length, 30);
    for (const fact of factsOf(card)) assert.match(fact.value, /^(\\_)+…$/, 'an escape is kept whole, or dropped whole');
    assert.ok(!LONE_SURROGATE.test(JSON.stringify(payload)));
  });

  test('a usual alert keeps its full texts: the cuts only start when the card would be too big', () => {
    const long: Alert = { ...down, check: { ...down.check, error: 'x'.repeat(1_500) } };
    const error = factsOf(cardOf(long)).find((f) => f.title === 'Error')!;
    assert.equal(error.value, 'x'.repeat(1_500));
  });
});
