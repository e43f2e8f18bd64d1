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

test('header detection takes a run of machine names before an epoch number, however long the names', () => {
  const lines = [
    '2286759 full partition status 1061219795 -1 running',
    '2594656 node-D0 clusterfilesystem clusterfilesystem.no_server 1074279038 1 ClusterFileSystem: There is no server',
    '134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component is unavailable',
  ];
  const contents = contentOffsets(lines).map((o, i) => (lines[i] as string).slice(o));
  assert.deepEqual(contents, ['running', 'ClusterFileSystem: There is no server', 'Component State Change: Component is unavailable']);
  // Without the number after them, lower-case words are content.
  const plain = '2286759 full partition status is running';
  assert.equal(plain.slice(headerEnd(plain)), 'full partition status is running');
});

test('header detection ends at a component even when its name holds a digit, and counts a bracket as one field', () => {
  const hadoop = '2015-10-18 18:06:01,840 ERROR [RM Allocator] org.example.v2.app.Allocator: ERROR IN CONTACTING RM.';
  assert.equal(hadoop.slice(headerEnd(hadoop)), 'ERROR IN CONTACTING RM.');
  const lines = [
    '2015-07-29 17:41:44,747 - INFO [QuorumPeer[myid=1]/0:2181:FastLeaderElection@774] - Notification time out: 3200',
    '2015-07-29 17:41:45,001 - INFO [QuorumPeer[myid=1]/0:2181:FastLeaderElection@774] - Notification time out: 6400',
    '2015-07-30 18:18:02,003 - INFO [ProcessThread(sid:1 cport:-1)::PrepRequestProcessor@476] - Processed session termination',
  ];
  const contents = contentOffsets(lines).map((o, i) => (lines[i] as string).slice(o));
  assert.deepEqual(contents, ['Notification time out: 3200', 'Notification time out: 6400', 'Processed session termination']);
});

test('header detection takes capital constants joined by `_` as header fields', () => {
  const line = '- 1120231520 2005.07.01 UNKNOWN_LOCATION 2005-07-01-08.25.20.466953 UNKNOWN_LOCATION NULL DISCOVERY INFO New chip inserted';
  assert.equal(line.slice(headerEnd(line)), 'New chip inserted');
});
