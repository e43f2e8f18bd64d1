// The Loghub header notation (`--log-format`) and header detection when no format is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileLogFormat } from '../../../src/parse/loghub-format.ts';
import { contentOffsets, headerEnd } from '../../../src/parse/miner/header.ts';

test('a format splits header fields from the content', () => {
  const f = compileLogFormat('<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>');
  assert.deepEqual(f.fields, ['Date', 'Time', 'Level', 'Process', 'Component', 'Content']);
  const r = f.split('2015-10-18 18:01:47,978 INFO [main] org.example.App: Created app for x: y');
  assert.deepEqual(r, {
    header: { Date: '2015-10-18', Time: '18:01:47,978', Level: 'INFO', Process: 'main', Component: 'org.example.App' },
    content: 'Created app for x: y',
  });
  assert.equal(f.split('not a header at all'), null);
});

test('runs of spaces match any whitespace and optional groups work', () => {
  const f = compileLogFormat('<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>');
  assert.equal(f.split('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown')?.header.PID, '19939');
  assert.equal(f.split('Jun  9 06:06:20 combo  kernel: Linux version 2.6')?.content, 'Linux version 2.6');
});

test('a bad format is a clear error', () => {
  assert.throws(() => compileLogFormat('<Date> <Time>'), /Content/);
  assert.throws(() => compileLogFormat('<Date> <Date> <Content>'), /twice/);
  assert.throws(() => compileLogFormat('(<Date> <Content>'), /not a valid pattern/);
});

test('header detection strips timestamps, levels and the component', () => {
  const line = '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_1 terminating';
  assert.equal(line.slice(headerEnd(line)), 'PacketResponder 1 for block blk_1 terminating');
  const syslog = 'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186';
  assert.equal(syslog.slice(headerEnd(syslog)), 'Invalid user webmaster from 173.234.31.186');
  assert.equal(headerEnd('plain message without header'), 0);
});

test('header detection settles a file-wide layout: `word:` is content when few lines have it', () => {
  const lines = [
    '- 1117838570 2005.06.03 R02-M1-N0 RAS KERNEL INFO instruction cache parity error corrected',
    '- 1117838571 2005.06.03 R02-M1-N1 RAS KERNEL INFO instruction cache parity error corrected',
    '- 1117838572 2005.06.03 R02-M1-N2 RAS KERNEL INFO CE sym 2, at 0x0b85eee0, mask 0x05',
    '- 1117838573 2005.06.03 R02-M1-N3 RAS APP FATAL ciod: Error loading /home/x: invalid',
  ];
  const contents = contentOffsets(lines).map((o, i) => (lines[i] as string).slice(o));
  assert.deepEqual(contents, [
    'instruction cache parity error corrected',
    'instruction cache parity error corrected',
    'CE sym 2, at 0x0b85eee0, mask 0x05',
    'ciod: Error loading /home/x: invalid',
  ]);
});
