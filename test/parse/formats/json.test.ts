// JSON lines: generic records with the default and a custom field map, CloudTrail, Windows events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createParserSet, splitCloudTrailRecords } from '../../../src/parse/index.ts';
import { must, NOW, parse } from './helpers.ts';

test('generic JSON: flattened under json., common names mapped, time read', () => {
  const r = must('{"ts":"2026-11-28T10:00:05Z","level":"warn","msg":"slow query","user":"app","src_ip":"192.0.2.90","db":{"name":"orders","ms":812},"tags":["a","b"]}');
  assert.equal(r.parser, 'json');
  assert.equal(r.time, Date.UTC(2026, 10, 28, 10, 0, 5));
  assert.deepEqual(
    [r.fields['json.db.name'], r.fields['json.db.ms'], r.fields['json.tags'], r.fields['log.level'], r.fields.message, r.fields['user.name'], r.fields['source.ip']],
    ['orders', 812, ['a', 'b'], 'warn', 'slow query', 'app', '192.0.2.90'],
  );
  assert.equal(must('{"time":1764324005,"x":1}').time, 1764324005000);
});

test('a configured field map decides what maps where', () => {
  const custom = createParserSet({ tenant: 'default', jsonFieldMap: { 'actor.login': 'user.name', 'peer.addr': 'source.ip', when: '@time' } });
  const r = custom.parse('{"when":"2026-11-28T10:00:06Z","actor":{"login":"zoe"},"peer":{"addr":"192.0.2.91"},"user":"ignored"}', { tenant: 'default', source: 's', now: NOW });
  assert.ok(r);
  assert.deepEqual([r.fields['user.name'], r.fields['source.ip'], r.time], ['zoe', '192.0.2.91', Date.UTC(2026, 10, 28, 10, 0, 6)]);
});

const TRAIL = {
  eventVersion: '1.08',
  userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLE:ops', arn: 'arn:aws:sts::111122223333:assumed-role/Ops/ops', accountId: '111122223333', sessionContext: { sessionIssuer: { type: 'Role', userName: 'Ops' } } },
  eventTime: '2026-11-28T09:30:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'AttachUserPolicy',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.44',
  userAgent: 'aws-cli/2.15',
  errorCode: 'AccessDenied',
  requestParameters: { userName: 'mallory', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  eventID: 'e1',
  recipientAccountId: '111122223333',
};

test('CloudTrail record: ECS fields and flat aws.cloudtrail. names', () => {
  const r = must(JSON.stringify(TRAIL));
  assert.equal(r.parser, 'cloudtrail');
  assert.equal(r.time, Date.UTC(2026, 10, 28, 9, 30));
  const f = r.fields;
  assert.deepEqual(
    [f['cloud.provider'], f['cloud.region'], f['cloud.account.id'], f['source.ip'], f['user.name'], f['event.action'], f['event.outcome'], f['event.category'], f['error.code']],
    ['aws', 'eu-west-1', '111122223333', '203.0.113.44', 'Ops', 'AttachUserPolicy', 'failure', 'iam', 'AccessDenied'],
  );
  assert.equal(f['aws.cloudtrail.userIdentity.sessionContext.sessionIssuer.type'], 'Role');
  assert.equal(f['aws.cloudtrail.requestParameters.policyArn'], 'arn:aws:iam::aws:policy/AdministratorAccess');
});

test('splitCloudTrailRecords turns a Records file into lines, and says why it cannot', () => {
  const lines = splitCloudTrailRecords(JSON.stringify({ Records: [TRAIL, { ...TRAIL, eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', errorCode: undefined, responseElements: { ConsoleLogin: 'Success' } }] }));
  assert.equal(lines.length, 2);
  const login = must(lines[1] as string);
  assert.deepEqual([login.fields['event.action'], login.fields['event.outcome'], login.fields['event.category']], ['ConsoleLogin', 'success', 'authentication']);
  assert.throws(() => splitCloudTrailRecords('{"Records":'), /invalid JSON/);
  assert.throws(() => splitCloudTrailRecords('{"records":[]}'), /no "Records" array/);
});

test('Windows event as EVTX-to-JSON: System and EventData flattened, logon mapped', () => {
  const ev = {
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing', Guid: '{54849625}' } },
        EventID: 4625,
        TimeCreated: { '#attributes': { SystemTime: '2026-11-28T08:00:00.000000Z' } },
        EventRecordID: 991,
        Channel: 'Security',
        Computer: 'DC01.corp.local',
      },
      EventData: { TargetUserName: 'svc_sql', TargetDomainName: 'CORP', LogonType: 3, IpAddress: '192.0.2.120', IpPort: '50123', Status: '0xc000006d' },
    },
  };
  const r = must(JSON.stringify(ev));
  assert.equal(r.parser, 'winlog');
  assert.equal(r.time, Date.UTC(2026, 10, 28, 8));
  const f = r.fields;
  assert.deepEqual(
    [f['winlog.event_id'], f['winlog.channel'], f['winlog.provider_name'], f['host.name'], f['winlog.event_data.LogonType'], f['user.name'], f['user.domain'], f['source.ip'], f['source.port'], f['event.action'], f['event.outcome'], f['event.category'], f['event.code']],
    [4625, 'Security', 'Microsoft-Windows-Security-Auditing', 'DC01.corp.local', 3, 'svc_sql', 'CORP', '192.0.2.120', 50123, 'logon_failed', 'failure', 'authentication', '4625'],
  );
  assert.equal(f['winlog.system.EventRecordID'], '991');
});

test('Windows event with Data items, and the Winlogbeat shape (Sysmon process creation)', () => {
  const items = { Event: { System: { Provider: { '@Name': 'Microsoft-Windows-Security-Auditing' }, EventID: { '#text': '4688' }, Channel: 'Security', Computer: 'WS1' }, EventData: { Data: [{ '@Name': 'NewProcessName', '#text': 'C:\\Windows\\System32\\cmd.exe' }, { '@Name': 'NewProcessId', '#text': '0x1a4' }, { '@Name': 'CommandLine', '#text': 'cmd /c whoami' }] } } };
  const a = must(JSON.stringify(items));
  assert.deepEqual([a.fields['process.name'], a.fields['process.pid'], a.fields['process.command_line'], a.fields['event.action']], ['cmd.exe', 420, 'cmd /c whoami', 'process_created']);
  const beat = { '@timestamp': '2026-11-28T08:01:00Z', winlog: { event_id: 1, channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', computer_name: 'WS2', event_data: { Image: 'C:\\Tools\\psexec.exe', CommandLine: 'psexec \\\\dc01 cmd', User: 'CORP\\amy', ProcessId: '5120' } } };
  const b = must(JSON.stringify(beat));
  assert.deepEqual(
    [b.parser, b.fields['host.name'], b.fields['process.executable'], b.fields['user.name'], b.fields['user.domain'], b.fields['process.pid'], b.fields['event.action'], b.time],
    ['winlog', 'WS2', 'C:\\Tools\\psexec.exe', 'amy', 'CORP', 5120, 'process_created', Date.UTC(2026, 10, 28, 8, 1)],
  );
});

test('truncated and non-object JSON is not parsed', () => {
  assert.equal(parse('{"a":1,"b":'), null);
  assert.equal(parse('{"a":1} trailing'), null);
  assert.equal(parse('{not json}'), null);
});
