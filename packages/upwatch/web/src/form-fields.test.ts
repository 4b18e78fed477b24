import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formBody, fromText, type FieldDef } from './form-fields';

const DEFS: FieldDef[] = [
  { path: 'url', label: 'URL', kind: 'text' },
  { path: 'headers', label: 'Request headers', kind: 'headers' },
  { path: 'expect.status', label: 'Expected status', kind: 'status-list' },
  { path: 'confirm', label: 'Confirmations', kind: 'number' },
];

test('on create, the fields given and nothing else, as the API takes them', () => {
  const body = formBody(DEFS, { url: ' http://127.0.0.1/ ', headers: 'Accept: application/json\nX-A: 1', 'expect.status': '200, 3xx', confirm: '2' }, null);
  assert.deepEqual(body, { url: 'http://127.0.0.1/', headers: { Accept: 'application/json', 'X-A': '1' }, expect: { status: [200, '3xx'] }, confirm: 2 });
});

test('on edit, only what changed: an emptied field is null, a header taken out is null', () => {
  const initial = { url: 'http://127.0.0.1/', headers: 'X-A: 1\nX-B: 2', 'expect.status': '200', confirm: '3' };
  assert.deepEqual(formBody(DEFS, { ...initial, headers: 'X-A: 1' }, initial), { headers: { 'X-A': '1', 'X-B': null } });
  assert.deepEqual(formBody(DEFS, { ...initial, headers: 'X-A: 5\nX-C: 3' }, initial), { headers: { 'X-A': '5', 'X-C': '3', 'X-B': null } });
  assert.deepEqual(formBody(DEFS, { ...initial, headers: '', confirm: '' }, initial), { headers: null, confirm: null });
  assert.deepEqual(formBody(DEFS, initial, initial), {});
});

test('a number that is not one is sent as typed, for the API to name the field', () => {
  assert.equal(fromText(DEFS[3]!, 'three'), 'three');
});
