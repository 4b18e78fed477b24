import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { UpwatchErrorCode } from '../../core/errors.js';
import type { Store, StoredNotifier } from '../store.js';
import { T0 } from '../store-fixtures.js';

/** The notifiers' part of the store contract (store-contract.ts runs it for every Store). */
export function notifierContract(
  withStore: (fn: (store: Store) => Promise<void>) => Promise<void>,
  rejectsWith: (promise: Promise<unknown>, code: UpwatchErrorCode) => Promise<void>,
): void {
  const aNotifier = (name: string, settings: Record<string, unknown> = { url: 'http://127.0.0.1:9000/hook' }): StoredNotifier => ({
    name,
    type: 'webhook',
    settings,
    createdAt: T0,
    updatedAt: T0,
  });

  describe('notifiers', () => {
    test('are stored as given, listed by name and found by name', () =>
      withStore(async (store) => {
        const ops = aNotifier('ops', { url: 'http://127.0.0.1:9000/hook', headers: { Authorization: 'Bearer x' }, timeout: '5s' });
        const mail = { ...aNotifier('mail'), type: 'email', settings: { from: 'a@example.com', to: ['b@example.com'], smtp: { host: 'smtp.example.com', port: 587 } } };
        await store.insertNotifier(ops);
        await store.insertNotifier(mail);
        assert.deepEqual(await store.listNotifiers(), [mail, ops]);
        assert.deepEqual(await store.findNotifier('ops'), ops);
        assert.equal(await store.findNotifier('nope'), undefined);
      }));

    test('a taken name is a CONFLICT and changes nothing', () =>
      withStore(async (store) => {
        const first = aNotifier('ops');
        await store.insertNotifier(first);
        await rejectsWith(store.insertNotifier(aNotifier('ops', { url: 'http://127.0.0.1:1/other' })), 'CONFLICT');
        assert.deepEqual(await store.listNotifiers(), [first]);
      }));

    test('an update replaces type and settings and keeps created_at; an unknown name is NOT_FOUND', () =>
      withStore(async (store) => {
        await store.insertNotifier(aNotifier('ops'));
        const changed: StoredNotifier = { name: 'ops', type: 'slack', settings: { url: 'https://hooks.slack.com/services/T/B/x' }, createdAt: T0 + 5, updatedAt: T0 + 1_000 };
        await store.updateNotifier(changed);
        assert.deepEqual(await store.findNotifier('ops'), { ...changed, createdAt: T0 });
        await rejectsWith(store.updateNotifier(aNotifier('ghost')), 'NOT_FOUND');
        assert.equal(await store.findNotifier('ghost'), undefined);
      }));

    test('delete says whether there was one', () =>
      withStore(async (store) => {
        await store.insertNotifier(aNotifier('ops'));
        await store.insertNotifier(aNotifier('team'));
        assert.equal(await store.deleteNotifier('ops'), true);
        assert.equal(await store.deleteNotifier('ops'), false);
        assert.deepEqual((await store.listNotifiers()).map((n) => n.name), ['team']);
      }));
  });
}
