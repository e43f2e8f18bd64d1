// The condition grammar: precedence, parentheses, x of them / pattern, `_` identifiers, lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCondition } from '../../../src/detect/sigma/condition.ts';
import { matches, rejection } from './helpers.ts';

const three = `a:\n  A: 1\nb:\n  B: 1\nc:\n  C: 1\n`;
const m = (cond: string, ev: Record<string, unknown>) => matches(`${three}condition: ${cond}`, ev);

test('and binds tighter than or; not tighter than and', () => {
  assert.deepEqual(parseCondition('a or b and c'), { t: 'or', items: [{ t: 'id', name: 'a' }, { t: 'and', items: [{ t: 'id', name: 'b' }, { t: 'id', name: 'c' }] }] });
  assert.deepEqual(parseCondition('not a and b'), { t: 'and', items: [{ t: 'not', item: { t: 'id', name: 'a' } }, { t: 'id', name: 'b' }] });
  assert.equal(m('a or b and c', { A: 1 }), true);
  assert.equal(m('(a or b) and c', { A: 1 }), false);
  assert.equal(m('not a and b', { B: 1 }), true);
  assert.equal(m('not a and b', { A: 1, B: 1 }), false);
  assert.equal(m('not (a and b)', { A: 1 }), true);
  assert.equal(m('not not a', { A: 1 }), true);
});

test('keywords of the condition are case-insensitive', () => {
  assert.equal(m('a AND NOT b', { A: 1 }), true);
});

test('1 of / any of / all of over them and patterns', () => {
  const d = `selection_a:\n  A: 1\nselection_b:\n  B: 1\nfilter_c:\n  C: 1\n`;
  const mm = (cond: string, ev: Record<string, unknown>) => matches(`${d}condition: ${cond}`, ev);
  assert.equal(mm('1 of selection_*', { B: 1 }), true);
  assert.equal(mm('any of selection_*', { B: 1 }), true);
  assert.equal(mm('all of selection_*', { B: 1 }), false);
  assert.equal(mm('all of selection_*', { A: 1, B: 1 }), true);
  assert.equal(mm('1 of selection_* and not 1 of filter*', { A: 1, C: 1 }), false);
  assert.equal(mm('1 of them', { C: 1 }), true);
  assert.equal(mm('all of them', { A: 1, B: 1 }), false);
  assert.equal(mm('all of them', { A: 1, B: 1, C: 1 }), true);
});

test('identifiers starting with _ are left out of "them" (and of patterns that do not start with _)', () => {
  const d = `sel:\n  A: 1\n_helper:\n  H: 1\n`;
  assert.equal(matches(`${d}condition: all of them`, { A: 1 }), true);
  assert.equal(matches(`${d}condition: 1 of them`, { H: 1 }), false);
  assert.equal(matches(`${d}condition: 1 of *`, { H: 1 }), false);
  assert.equal(matches(`${d}condition: 1 of _h*`, { H: 1 }), true);
  assert.equal(matches(`${d}condition: sel and _helper`, { A: 1, H: 1 }), true);
});

test('a list of conditions is ORed', () => {
  assert.equal(matches(`${three}condition:\n  - a and b\n  - c`, { C: 1 }), true);
  assert.equal(matches(`${three}condition:\n  - a and b\n  - c`, { A: 1 }), false);
});

test('malformed conditions are refused with the reason and the condition line', () => {
  assert.match(rejection(`${three}condition: a and`), /test\.yml:11: condition: expected a search identifier at the end/);
  assert.match(rejection(`${three}condition: (a or b`), /expected '\)'/);
  assert.match(rejection(`${three}condition: a b`), /unexpected token/);
  assert.match(rejection(`${three}condition: a or missing`), /unknown search identifier 'missing'/);
  assert.match(rejection(`${three}condition: 1 of nothing*`), /'nothing\*' matches no search identifier/);
  assert.match(rejection(`${three}condition: 2 of them`), /expected '1', 'any' or 'all'/);
});

test('maps are AND, lists of maps are OR, value lists are OR', () => {
  const d = `sel:\n  - A: 1\n    B: 2\n  - C: [3, 4]\ncondition: sel`;
  assert.equal(matches(d, { A: 1 }), false);
  assert.equal(matches(d, { A: 1, B: 2 }), true);
  assert.equal(matches(d, { C: 4 }), true);
});

test('keyword identifiers search the whole event; |all requires every keyword', () => {
  const d = `keywords:\n  - 'event::clear'\n  - 'event::drop'\ncondition: keywords`;
  assert.equal(matches(d, { message: 'mimikatz EVENT::Clear done' }), true);
  assert.equal(matches(d, { a: 'x', b: 'event::drop' }), true);
  assert.equal(matches(d, { message: 'event clear' }), false);
  assert.equal(matches(d, {}, { raw: 'raw line with event::drop in it' }), true);
  const all = `keywords:\n  '|all':\n    - 'OabVirtualDirectory'\n    - ' -ExternalUrl '\ncondition: keywords`;
  assert.equal(matches(all, {}, { raw: 'Set-OabVirtualDirectory -ExternalUrl http://x' }), true);
  assert.equal(matches(all, {}, { raw: 'Set-OabVirtualDirectory' }), false);
});

test('dotted field names reach nested JSON objects (CloudTrail)', () => {
  const d = `sel:\n  userIdentity.sessionContext.sessionIssuer.type: Role\ncondition: sel`;
  assert.equal(matches(d, { userIdentity: { sessionContext: { sessionIssuer: { type: 'Role' } } } }), true);
  assert.equal(matches(d, { 'userIdentity.sessionContext.sessionIssuer.type': 'Role' }), true);
  assert.equal(matches(d, { userIdentity: { type: 'Role' } }), false);
  // Arrays of objects: any element.
  const d2 = `sel:\n  requestParameters.ipPermissions.items.ipRanges.items.cidrIp: '0.0.0.0/0'\ncondition: sel`;
  const ev = { requestParameters: { ipPermissions: { items: [{ ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }, { cidrIp: '0.0.0.0/0' }] } }] } } };
  assert.equal(matches(d2, ev), true);
});
