// The prefilter may only skip a `|re` rule when the value lacks a literal every match contains:
// a wrong literal loses alerts silently. Each extracted literal is checked against real matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import { literalPrecheck, requiredLiterals } from '../../../src/detect/sigma/regex-literal.ts';

test('literals are the longest required runs; optional, repeated and grouped text is left out', () => {
  assert.deepEqual(requiredLiterals('.+:assumed-role/aws:.+', false), [':assumed-role/aws:']);
  assert.deepEqual(requiredLiterals('^/etc/passwd$', false), ['/etc/passwd']);
  assert.deepEqual(requiredLiterals('Invoke-(Expression|Command)', false), ['invoke-expression', 'invoke-command']);
  assert.deepEqual(requiredLiterals('cmd[12]\\.exe', false), ['cmd1.exe', 'cmd2.exe']);
  assert.deepEqual(requiredLiterals('(?:foo|bar)baz', false), ['foobaz', 'barbaz']);
  assert.deepEqual(requiredLiterals('(foo|bar)?baz', false), ['baz'], 'an optional group ends the run');
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
    ['cmd[12]\\.exe', ['C:\\cmd1.exe', 'cmd2.exe /c']],
    ['(foo|bar)?baz', ['baz', 'foobaz']],
    ['-(W|R)\\s?(\\s|"|\')([0-9a-fA-F]{2}\\s?){2,20}(\\s|"|\')', ['pnscan -W "41 42 43 "', "pnscan -R'4142 '"]],
    ['\\s-[FTd]\\s', ['curl -F x', 'curl -d @f u', 'curl -T f u']],
    ['a(b|c)+d', ['abd', 'acbcd']],
  ];
  for (const [source, samples] of cases) {
    const re = RE2JS.compile(source);
    const lits = requiredLiterals(source, false);
    for (const s of samples) {
      assert.ok(re.test(s), `${source} should match ${s} (test data)`);
      if (lits) assert.ok(lits.some((l) => s.toLowerCase().includes(l)), `${source}: ${s} lacks all of ${JSON.stringify(lits)}`);
      const pre = literalPrecheck(source, false);
      if (pre) assert.ok(pre(s), `${source}: the precheck refuses ${s}`);
    }
  }
});

test('the precheck before the regex engine: a literal as written, case-sensitive, short ones too', () => {
  const pnscan = literalPrecheck('-(W|R)\\s?(\\s|"|\')([0-9a-fA-F]{2}\\s?){2,20}(\\s|"|\')', false);
  assert.ok(pnscan);
  assert.ok(pnscan('pnscan -W "41 42"') && !pnscan('/usr/bin/python3 /opt/app/worker.py --queue default') && !pnscan('grep -w x'));
  const curl = literalPrecheck('\\s-[FTd]\\s', false);
  assert.ok(curl && curl('curl -d x') && !curl('curl -s https://example.org/health'));
  assert.equal(literalPrecheck('powershell', true), undefined, 'case-insensitive regex: no precheck');
  assert.equal(literalPrecheck('.*', false), undefined);
});
