// The prefilter may only skip a `|re` rule when the value lacks a literal every match contains:
// a wrong literal loses alerts silently. Each extracted literal is checked against real matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import { requiredLiterals } from '../../../src/detect/sigma/regex-literal.ts';

test('literals are the longest required runs; optional, repeated and grouped text is left out', () => {
  assert.deepEqual(requiredLiterals('.+:assumed-role/aws:.+', false), [':assumed-role/aws:']);
  assert.deepEqual(requiredLiterals('^/etc/passwd$', false), ['/etc/passwd']);
  assert.deepEqual(requiredLiterals('Invoke-(Expression|Command)', false), ['invoke-']);
  assert.deepEqual(requiredLiterals('curlx?-upload', false), ['-upload']); // the x is optional, so "curl" then "-upload"
  assert.deepEqual(requiredLiterals('abc\\.def', false), ['abc.def']);
  assert.deepEqual(requiredLiterals('wget\\s+http', false), ['wget']);
  assert.deepEqual(requiredLiterals('base64 -d|xxd -r', false), ['base64 -d', 'xxd -r']);
});

test('no literal when one cannot be sure', () => {
  assert.equal(requiredLiterals('(?i)powershell', false), undefined, 'inline case-insensitive');
  assert.equal(requiredLiterals('powershell', true), undefined, 'the i modifier');
  assert.equal(requiredLiterals('a|bcdef', false), undefined, 'a branch without a usable literal');
  assert.equal(requiredLiterals('(.){200,}', false), undefined);
  assert.equal(requiredLiterals('-(W|R)\\s?', false), undefined, 'too short');
  assert.equal(requiredLiterals('abc(def', false), undefined, 'unbalanced');
  assert.equal(requiredLiterals('\\Qa.b\\E', false), undefined);
});

test('every value the regex matches contains one of the literals (checked with RE2)', () => {
  const cases: [string, string[]][] = [
    ['.+:assumed-role/aws:.+', ['arn:aws:sts::1:assumed-role/aws:ec2-instance', 'x:assumed-role/aws:y']],
    ['Invoke-(Expression|Command)', ['x Invoke-Expression y', 'Invoke-Command']],
    ['curlx?-upload', ['curl-upload', 'curlx-upload']],
    ['ab+cde', ['abcde', 'abbbbcde']],
    ['[a-z]{2}foo[0-9]*bar', ['xxfoobar', 'xxfoo123bar']],
    ['base64 -d|xxd -r', ['echo x | base64 -d', 'xxd -r -p']],
    ['(?:\\s-[^-\\s]{0,20}i|\\s--inode\\s)', ['ls -li', 'ls --inode x']],
  ];
  for (const [source, samples] of cases) {
    const re = RE2JS.compile(source);
    const lits = requiredLiterals(source, false);
    for (const s of samples) {
      assert.ok(re.test(s), `${source} should match ${s} (test data)`);
      if (lits) assert.ok(lits.some((l) => s.toLowerCase().includes(l)), `${source}: ${s} lacks all of ${JSON.stringify(lits)}`);
    }
  }
});
