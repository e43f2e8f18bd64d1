import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSigmaString, ANY, ONE } from '../../../src/detect/sigma/sigma-string.ts';
import { matches } from './helpers.ts';

test('wildcards * and ? are parsed; escaped ones are plain characters', () => {
  assert.deepEqual(parseSigmaString('a*b?c'), ['a', ANY, 'b', ONE, 'c']);
  assert.deepEqual(parseSigmaString(String.raw`a\*b\?c`), ['a*b?c']);
});

test('the backslash escaping table of the specification', () => {
  // Plain backslash not before a wildcard: single or double both mean one backslash.
  assert.deepEqual(parseSigmaString(String.raw`C:\Windows`), [String.raw`C:\Windows`]);
  assert.deepEqual(parseSigmaString(String.raw`C:\\Windows`), [String.raw`C:\Windows`]);
  // Escaped backslash before a wildcard: a backslash, then the wildcard.
  assert.deepEqual(parseSigmaString(String.raw`dir\\*`), ['dir\\', ANY]);
  // Three backslashes then a star: a plain backslash and a plain star.
  assert.deepEqual(parseSigmaString(String.raw`dir\\\*`), [String.raw`dir\*`]);
  // Three or four backslashes mean two.
  assert.deepEqual(parseSigmaString(String.raw`a\\\b`), [String.raw`a\\b`]);
  assert.deepEqual(parseSigmaString(String.raw`a\\\\b`), [String.raw`a\\b`]);
  // A trailing backslash is plain.
  assert.deepEqual(parseSigmaString('a\\'), ['a\\']);
});

test('plain matching is case-insensitive and whole-value; wildcards match inside', () => {
  assert.equal(matches(`sel:\n  Image: 'C:\\Windows\\cmd.exe'\ncondition: sel`, { Image: 'c:\\windows\\CMD.EXE' }), true);
  assert.equal(matches(`sel:\n  Image: 'cmd.exe'\ncondition: sel`, { Image: 'c:\\windows\\cmd.exe' }), false);
  assert.equal(matches(`sel:\n  Image: '*\\cmd.exe'\ncondition: sel`, { Image: 'c:\\windows\\cmd.exe' }), true);
  assert.equal(matches(`sel:\n  Image: 'prog?.exe'\ncondition: sel`, { Image: 'progA.exe' }), true);
  assert.equal(matches(`sel:\n  Image: 'prog?.exe'\ncondition: sel`, { Image: 'prog.exe' }), false);
  assert.equal(matches(`sel:\n  Image: 'a*b*c'\ncondition: sel`, { Image: 'aXbYbZc' }), true);
  assert.equal(matches(`sel:\n  Image: 'a*b*c'\ncondition: sel`, { Image: 'aXcYb' }), false);
});

test('an escaped star matches only a literal star', () => {
  const d = `sel:\n  CommandLine: 'select \\* from t'\ncondition: sel`;
  assert.equal(matches(d, { CommandLine: 'SELECT * FROM t' }), true);
  assert.equal(matches(d, { CommandLine: 'select a from t' }), false);
});

test('escaped backslash followed by a wildcard', () => {
  const d = `sel:\n  Path: 'C:\\\\Temp\\\\*'\ncondition: sel`; // YAML text: C:\\Temp\\*
  assert.equal(matches(d, { Path: 'C:\\Temp\\x.exe' }), true);
  assert.equal(matches(d, { Path: 'C:\\Tempx' }), false);
});

test('numbers in rules match numeric and textual event values', () => {
  assert.equal(matches(`sel:\n  EventID: 4625\ncondition: sel`, { EventID: 4625 }), true);
  assert.equal(matches(`sel:\n  EventID: 4625\ncondition: sel`, { EventID: '4625' }), true);
  assert.equal(matches(`sel:\n  EventID: 4625\ncondition: sel`, { EventID: 46250 }), false);
});

test('hexadecimal-looking values keep their text (YAML would read 0x3e7 as 999)', () => {
  assert.equal(matches(`sel:\n  LogonId: 0x3e7\ncondition: sel`, { LogonId: '0x3e7' }), true);
  assert.equal(matches(`sel:\n  LogonId: 0x3e7\ncondition: sel`, { LogonId: '999' }), false);
});

test('numbers keep their written text (1.0 is not 1; 007 is not 7)', () => {
  assert.equal(matches(`sel:\n  Version: 1.0\ncondition: sel`, { Version: '1.0' }), true);
  assert.equal(matches(`sel:\n  Version: 1.0\ncondition: sel`, { Version: '1' }), false);
  assert.equal(matches(`sel:\n  Code: 007\ncondition: sel`, { Code: '007' }), true);
  assert.equal(matches(`sel:\n  Bytes|gt: 1.5\ncondition: sel`, { Bytes: 2 }), true);
});
