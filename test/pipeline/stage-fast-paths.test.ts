// The parse stage's per-line shortcuts keep the old behaviour: blank-line detection equals
// `trim() === ''`, and a mined line's fields follow the first-param-of-a-type rule without
// overwriting what the syslog envelope set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TemplateParam } from '../../src/core/event.ts';
import { isBlank } from '../../src/pipeline/parse-stage.ts';
import { impliedFields, templateFields } from '../../src/pipeline/template-fields.ts';

test('isBlank agrees with trim() on ASCII and Unicode whitespace and on visible text', () => {
  const samples = ['', ' ', '\t\t', ' \r', '\u00a0', '\u2003\u3000', '\ufeff', ' x ', '\u00a0é', '\u200b', 'a', '\u3000字', '\ud83d\ude00', ' \ud800'];
  for (let c = 0; c < 0x3100; c++) samples.push(` ${String.fromCharCode(c)} `);
  for (const s of samples) assert.equal(isBlank(s), s.trim() === '', JSON.stringify(s));
});

test('templateFields: first param of each type fills its field, the envelope wins, every param is kept', () => {
  const params: TemplateParam[] = [
    { name: 'ip', type: 'ip', value: '192.0.2.7' },
    { name: 'port', type: 'port', value: '2222' },
    { name: 'ip_2', type: 'ip', value: '192.0.2.8' },
    { name: 'user', type: 'user', value: 'alice' },
    { name: 'host', type: 'host', value: 'db-1' },
    { name: 'port_2', type: 'port', value: 'not-a-number' },
  ];
  const envelope = { 'host.name': 'web-1', 'process.name': 'app', message: 'm' };
  const f = templateFields(params, envelope);
  // What impliedFields (the rule promote.ts uses) says, applied independently.
  const implied = impliedFields(params, (field) => field in { 'host.name': 1, 'process.name': 1, message: 1 });
  for (const [i, p] of params.entries()) {
    assert.equal(f[`template.${p.name}`], p.value);
    const target = implied[i];
    if (target) assert.equal(f[target], p.type === 'port' ? Number(p.value) : p.value, p.name);
  }
  assert.equal(f['source.ip'], '192.0.2.7');
  assert.equal(f['source.port'], 2222);
  assert.equal(f['user.name'], 'alice');
  assert.equal(f['host.name'], 'web-1', 'the envelope host is kept');
  assert.equal(f['process.name'], 'app');
  // Without an envelope, a fresh object.
  const g = templateFields([{ name: 'port', type: 'port', value: 'x' }]);
  assert.deepEqual({ ...g }, { 'source.port': 'x', 'template.port': 'x' });
});
