// sshd, sudo, su, PAM, systemd, doas: hand-written lines of each shape we read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { must } from './helpers.ts';

const H = 'Nov 28 10:00:00 bastion';

test('sshd accepted password and publickey', () => {
  const a = must(`${H} sshd[100]: Accepted password for alice from 203.0.113.5 port 50022 ssh2`);
  assert.equal(a.parser, 'sshd');
  assert.deepEqual(
    [a.fields['event.action'], a.fields['event.outcome'], a.fields['event.category'], a.fields['user.name'], a.fields['source.ip'], a.fields['source.port'], a.fields['ssh.method']],
    ['ssh_login', 'success', 'authentication', 'alice', '203.0.113.5', 50022, 'password'],
  );
  const k = must(`${H} sshd[101]: Accepted publickey for deploy from 2001:db8::7 port 41000 ssh2: ED25519 SHA256:Zm9vYmFy`);
  assert.equal(k.fields['ssh.method'], 'publickey');
  assert.equal(k.fields['source.ip'], '2001:db8::7');
  assert.equal(k.fields['user.name'], 'deploy');
});

test('sshd failures, invalid users and pre-auth disconnects', () => {
  const f = must(`${H} sshd[102]: Failed password for invalid user oracle from 198.51.100.23 port 33333 ssh2`);
  assert.deepEqual([f.fields['event.outcome'], f.fields['user.name'], f.fields['source.port']], ['failure', 'oracle', 33333]);
  const i = must(`${H} sshd[103]: Invalid user admin from 198.51.100.23 port 33334`);
  assert.deepEqual([i.fields['event.action'], i.fields['user.name'], i.fields['source.ip'], i.fields['source.port']], ['ssh_invalid_user', 'admin', '198.51.100.23', 33334]);
  const c = must(`${H} sshd[104]: Connection closed by authenticating user root 198.51.100.23 port 33335 [preauth]`);
  assert.deepEqual([c.fields['event.action'], c.fields['user.name'], c.fields['source.ip'], c.fields['source.port']], ['ssh_disconnect', 'root', '198.51.100.23', 33335]);
  const r = must(`${H} sshd[105]: Received disconnect from 198.51.100.23 port 33336:11: Bye Bye [preauth]`);
  assert.deepEqual([r.fields['event.action'], r.fields['source.ip'], r.fields['source.port']], ['ssh_disconnect', '198.51.100.23', 33336]);
  const m = must(`${H} sshd[106]: error: maximum authentication attempts exceeded for root from 198.51.100.23 port 33337 ssh2 [preauth]`);
  assert.deepEqual([m.fields['event.action'], m.fields['log.level']], ['ssh_max_auth_exceeded', 'error']);
  const u = must(`${H} sshd[107]: Some future message nobody wrote a rule for`);
  assert.equal(u.parser, 'sshd');
  assert.equal(u.fields['event.action'], undefined);
});

test('PAM from sshd, su and the old pam_unix tag', () => {
  const a = must(`${H} sshd[200]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.44  user=root`);
  assert.equal(a.parser, 'pam');
  assert.deepEqual([a.fields['event.outcome'], a.fields['source.ip'], a.fields['user.name'], a.fields['pam.service']], ['failure', '192.0.2.44', 'root', 'sshd']);
  const s = must(`${H} su[201]: pam_unix(su-l:session): session opened for user root(uid=0) by carol(uid=1000)`);
  assert.deepEqual([s.fields['event.action'], s.fields['user.name'], s.fields['pam.by_user']], ['session_opened', 'root', 'carol']);
  const old = must(`${H} sshd(pam_unix)[202]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=host.example.net`);
  assert.equal(old.parser, 'pam');
  assert.equal(old.fields['process.name'], 'sshd');
  assert.equal(old.fields['source.address'], 'host.example.net');
});

test('sudo: command run and command refused', () => {
  const ok = must(`${H} sudo:   carol : TTY=pts/1 ; PWD=/srv ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`);
  assert.deepEqual(
    [ok.fields['event.action'], ok.fields['event.outcome'], ok.fields['user.name'], ok.fields['user.effective.name'], ok.fields['process.command_line'], ok.fields['process.executable'], ok.fields['process.working_directory']],
    ['sudo_command', 'success', 'carol', 'root', '/usr/bin/systemctl restart nginx', '/usr/bin/systemctl', '/srv'],
  );
  const no = must(`${H} sudo:   dave : user NOT in sudoers ; TTY=pts/2 ; PWD=/home/dave ; USER=root ; COMMAND=/bin/cat /etc/shadow`);
  assert.deepEqual([no.fields['event.outcome'], no.fields['event.reason']], ['failure', 'user NOT in sudoers']);
});

test('su: switches and refusals', () => {
  const a = must(`${H} su[300]: (to root) erin on pts/3`);
  assert.deepEqual([a.parser, a.fields['user.name'], a.fields['user.effective.name'], a.fields['event.outcome']], ['su', 'erin', 'root', 'success']);
  const b = must(`${H} su[301]: FAILED SU (to root) erin on pts/3`);
  assert.equal(b.fields['event.outcome'], 'failure');
});

test('systemd units and logind sessions', () => {
  const s = must(`${H} systemd[1]: Started Daily apt upgrade and clean activities.`);
  assert.deepEqual([s.parser, s.fields['event.action'], s.fields['service.name']], ['systemd', 'service_started', 'Daily apt upgrade and clean activities']);
  const f = must(`${H} systemd[1]: nginx.service: Main process exited, code=exited, status=1/FAILURE`);
  assert.deepEqual([f.fields['event.action'], f.fields['event.outcome'], f.fields['service.name']], ['service_exited', 'failure', 'nginx.service']);
  const l = must(`${H} systemd-logind[900]: New session 42 of user frank.`);
  assert.deepEqual([l.fields['event.action'], l.fields['user.name'], l.fields['session.id']], ['session_created', 'frank', '42']);
});

test('dropbear and doas', () => {
  const d = must(`${H} dropbear[1]: Password auth succeeded for 'gina' from 192.0.2.8:4022`);
  assert.deepEqual([d.parser, d.fields['user.name'], d.fields['source.ip'], d.fields['source.port'], d.fields['event.outcome']], ['dropbear', 'gina', '192.0.2.8', 4022, 'success']);
  const o = must(`${H} doas: hank ran command /usr/sbin/pkg_add vim as root from /home/hank`);
  assert.deepEqual([o.parser, o.fields['user.name'], o.fields['user.effective.name'], o.fields['process.command_line']], ['doas', 'hank', 'root', '/usr/sbin/pkg_add vim']);
});
