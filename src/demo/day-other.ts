// The ordinary day everywhere else: the shop's web servers and application, the perimeter
// firewall (key=value), the WAF (CEF) and the IDS (LEEF), the AWS account (CloudTrail), the
// Windows workstations (Windows JSON), and the CI job runner whose home-grown log format no
// parser knows (the template miner's job). Plus the three odd lines every real log has.
import { AWS_ACCOUNT, AWS_REGION, BACKUP_BUCKET, CUSTOMER_BUCKET, DAY_START, HOUR, IAM_USERS, WORKSTATIONS, host, internetIp } from './estate.ts';
import { Gen, LogSet, apacheErrorTime, clfTime, iso, isoSeconds, nginxErrorTime, syslogTime } from './gen.ts';

export const SHOP_PAGES = ['/', '/products', '/products/1042', '/products/2210', '/products/3377', '/cart', '/checkout', '/login', '/account', '/static/app.js', '/static/app.css', '/static/logo.svg', '/api/cart', '/api/products?page=2', '/shop/download?file=invoice-2026-1187.pdf', '/search?q=shoes'];
const SITE_PAGES = ['/', '/about', '/blog', '/blog/autumn-sale', '/careers', '/contact', '/press', '/css/site.css', '/img/hero.jpg'];
export const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
];

export const nginxLine = (t: number, ip: string, method: string, url: string, status: number, bytes: number, ua: string) =>
  `${syslogTime(t)} web-1 nginx: ${ip} - - [${clfTime(t)}] "${method} ${url} HTTP/1.1" ${status} ${bytes} "-" "${ua}"`;

function web(g: Gen, logs: LogSet, scale: number): void {
  for (let i = 0; i < Math.round(16000 * scale); i++) {
    const t = g.time();
    const page = g.pick(SHOP_PAGES);
    const method = page.startsWith('/api/cart') && g.chance(0.5) ? 'POST' : 'GET';
    const status = g.chance(0.95) ? 200 : g.pick([301, 304, 404, 500]);
    logs.add('web-1/nginx-access.log', t, nginxLine(t, internetIp(g.r), method, page, status, g.int(300, 60000), g.pick(BROWSERS)));
    if (status === 500) {
      logs.add('web-1/nginx-error.log', t, `${nginxErrorTime(t)} [error] 811#811: *${g.int(1000, 99999)} upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${internetIp(g.r)}, server: shop.acme.example, request: "${method} ${page} HTTP/1.1", upstream: "http://127.0.0.1:3000${page}", host: "shop.acme.example"`);
    }
  }
  for (let i = 0; i < Math.round(6000 * scale); i++) {
    const t = g.time();
    const status = g.chance(0.96) ? 200 : g.pick([304, 404]);
    logs.add('web-2/apache-access.log', t, `${internetIp(g.r)} - - [${clfTime(t)}] "GET ${g.pick(SITE_PAGES)} HTTP/1.1" ${status} ${g.int(500, 90000)} "https://www.acme.example/" "${g.pick(BROWSERS)}"`);
  }
  for (let i = 0; i < Math.round(60 * scale); i++) {
    const t = g.time();
    logs.add('web-2/apache-error.log', t, `[${apacheErrorTime(t)}] [${g.pick(['core:error', 'php:warn', 'ssl:warn'])}] [pid ${g.int(2000, 60000)}:tid ${g.int(100000, 999999)}] [client ${internetIp(g.r)}:${g.int(1024, 65535)}] ${g.pick(['AH00128: File does not exist: /var/www/site/favicon.ico', 'PHP Warning:  Undefined array key "ref" in /var/www/site/index.php on line 42', 'AH02032: Hostname www.acme.example provided via SNI and hostname acme.example provided via HTTP have no matching SSL'])}`);
  }
}

function shopApp(g: Gen, logs: LogSet, scale: number): void {
  const actions = [
    ['info', 'http', 'request served'],
    ['info', 'cart', 'item added'],
    ['info', 'orders', 'order placed'],
    ['info', 'auth', 'login succeeded'],
    ['warn', 'auth', 'login failed'],
    ['warn', 'payments', 'payment retry'],
    ['error', 'payments', 'payment provider timeout'],
  ] as const;
  const customers = Array.from({ length: 400 }, (_, i) => `customer${1000 + i}`);
  for (let i = 0; i < Math.round(5000 * scale); i++) {
    const t = g.time();
    const [level, logger, msg] = g.pick(actions);
    logs.add('web-1/shop-app.jsonl', t, JSON.stringify({ ts: iso(t), level, logger, msg, host: 'web-1', user: g.pick(customers), ip: internetIp(g.r), duration_ms: g.int(2, 900), request_id: `req-${g.hex(12)}` }));
  }
  // A writer that died mid-line, and a stack dump longer than the demo's line bound.
  const cut = DAY_START + 10 * HOUR + g.int(0, HOUR);
  logs.add('web-1/shop-app.jsonl', cut, JSON.stringify({ ts: iso(cut), level: 'error', logger: 'orders', msg: 'order failed', user: 'customer1002' }).slice(0, 52));
  const dump = DAY_START + 11 * HOUR + g.int(0, HOUR);
  const frames = Array.from({ length: 90 }, (_, i) => `at shop.orders.Handler${i}.process (/var/www/shop/orders/handler${i}.js:${g.int(10, 900)}:${g.int(2, 40)})`).join(' ');
  logs.add('web-1/shop-app.jsonl', dump, JSON.stringify({ ts: iso(dump), level: 'error', logger: 'orders', msg: 'unhandled exception', stack: frames }));
}

const kvTime = (t: number) => { const s = iso(t); return `date=${s.slice(0, 10)} time=${s.slice(11, 19)}`; };
export const fwLine = (t: number, g: Gen, src: string, dst: string, dport: number, action: 'accept' | 'deny', srcintf: string, dstintf: string) =>
  `${kvTime(t)} devname="fw-1" devid="FG100E4Q21000421" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=${src} srcport=${g.int(1024, 65535)} srcintf="${srcintf}" dstip=${dst} dstport=${dport} dstintf="${dstintf}" policyid=${action === 'accept' ? g.int(2, 9) : 0} proto=6 action="${action}" service="${PORT_NAMES[dport] ?? `tcp/${dport}`}" sentbyte=${action === 'accept' ? g.int(200, 90000) : 0} rcvdbyte=${action === 'accept' ? g.int(200, 900000) : 0}`;
const PORT_NAMES: Record<number, string> = { 22: 'SSH', 25: 'SMTP', 53: 'DNS', 80: 'HTTP', 443: 'HTTPS', 5432: 'PGSQL', 3389: 'RDP', 445: 'SMB', 23: 'TELNET' };

function firewall(g: Gen, logs: LogSet, scale: number): void {
  const dmz = [host('web-1'), host('web-2'), host('mail-1'), host('bastion')];
  for (let i = 0; i < Math.round(14000 * scale); i++) {
    const t = g.time();
    const kind = g.r();
    if (kind < 0.55) {
      const d = g.pick(dmz);
      const port = d.role === 'mail' ? 25 : d.role === 'bastion' ? 22 : 443;
      logs.add('fw-1/traffic.log', t, fwLine(t, g, internetIp(g.r), d.ip, port, 'accept', 'wan1', 'dmz'));
    } else if (kind < 0.8) {
      const ws = g.pick(WORKSTATIONS);
      logs.add('fw-1/traffic.log', t, fwLine(t, g, ws.ip, internetIp(g.r), 443, 'accept', 'office', 'wan1'));
    } else if (kind < 0.9) {
      const web = g.pick([host('web-1'), host('web-2')]);
      logs.add('fw-1/traffic.log', t, fwLine(t, g, web.ip, host('db-1').ip, 5432, 'accept', 'dmz', 'servers'));
    } else {
      // Internet background noise: single probes on a port or two, dropped.
      logs.add('fw-1/traffic.log', t, fwLine(t, g, internetIp(g.r), g.pick(dmz).ip, g.pick([23, 445, 3389, 8080, 1433]), 'deny', 'wan1', 'dmz'));
    }
  }
}

const cefTime = (t: number) => { const d = new Date(t); return `${d.toUTCString().slice(8, 11)} ${String(d.getUTCDate()).padStart(2, '0')} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 19)} UTC`; };
export const cefLine = (t: number, sig: string, name: string, sev: number, src: string, dst: string, url: string, act: string) =>
  `CEF:0|Acme|ShopWAF|4.2|${sig}|${name}|${sev}|rt=${cefTime(t)} dvchost=waf-1 src=${src} dst=${dst} dpt=443 request=${url} act=${act}`;
export const leefLine = (t: number, sig: string, src: string, dst: string, dport: number, sev: number, cat: string) =>
  `LEEF:2.0|Acme|SensorIDS|3.1|${sig}|^|devTime=${iso(t)}^src=${src}^dst=${dst}^srcPort=${40000 + (t % 20000)}^dstPort=${dport}^sev=${sev}^cat=${cat}`;

function security(g: Gen, logs: LogSet, scale: number): void {
  for (let i = 0; i < Math.round(900 * scale); i++) {
    const t = g.time();
    const [sig, name, sev] = g.pick([['100101', 'Request rate above baseline', 3], ['200311', 'Missing Host header', 2], ['942110', 'Suspicious quote in parameter', 4]] as const);
    logs.add('security/waf-cef.log', t, cefLine(t, sig, name, sev, internetIp(g.r), host('web-1').ip, g.pick(SHOP_PAGES), sev >= 4 ? 'alerted' : 'passed'));
  }
  for (let i = 0; i < Math.round(700 * scale); i++) {
    const t = g.time('flat');
    const [sig, cat, port] = g.pick([['ET POLICY Outdated TLS', 'policy', 443], ['ET INFO Dropbox domain', 'info', 443], ['ET SCAN Suspicious inbound to MSSQL', 'scan', 1433]] as const);
    logs.add('security/ids-leef.log', t, leefLine(t, sig, cat === 'scan' ? internetIp(g.r) : g.pick(WORKSTATIONS).ip, cat === 'scan' ? host('web-2').ip : internetIp(g.r), port, cat === 'scan' ? 4 : 2, cat));
  }
}

export function cloudTrailRecord(g: Gen, t: number, identity: { type: 'IAMUser' | 'AssumedRole'; user: string; session?: string }, ip: string, source: string, name: string, extra: Record<string, unknown> = {}): string {
  const arn = identity.type === 'IAMUser'
    ? `arn:aws:iam::${AWS_ACCOUNT}:user/${identity.user}`
    : `arn:aws:sts::${AWS_ACCOUNT}:assumed-role/${identity.user}/${identity.session ?? 'session'}`;
  const userIdentity = identity.type === 'IAMUser'
    ? { type: 'IAMUser', principalId: `AIDA${identity.user.replace(/\W/g, '').toUpperCase()}DEMO`, arn, accountId: AWS_ACCOUNT, accessKeyId: `AKIA${identity.user.replace(/\W/g, '').toUpperCase().padEnd(16, 'X').slice(0, 16)}`, userName: identity.user }
    : { type: 'AssumedRole', principalId: `AROADEMO${identity.user.length}:${identity.session}`, arn, accountId: AWS_ACCOUNT, accessKeyId: `ASIA${g.hex(16).toUpperCase()}`, sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROADEMO', arn: `arn:aws:iam::${AWS_ACCOUNT}:role/${identity.user}`, accountId: AWS_ACCOUNT, userName: identity.user }, attributes: { creationDate: isoSeconds(t - 60_000), mfaAuthenticated: 'false' } } };
  return JSON.stringify({
    eventVersion: '1.09', userIdentity, eventTime: isoSeconds(t), eventSource: source, eventName: name, awsRegion: AWS_REGION,
    sourceIPAddress: ip, userAgent: ip.startsWith('172.31.') ? 'aws-sdk-go-v2/1.30.3' : 'aws-cli/2.17.20 Python/3.11.9 Linux/6.1.0',
    requestParameters: null, responseElements: null, requestID: g.hex(8) + '-' + g.hex(4), eventID: `${g.hex(8)}-${g.hex(4)}-${g.hex(4)}-${g.hex(4)}-${g.hex(12)}`,
    readOnly: /^(Get|List|Describe)/.test(name), eventType: 'AwsApiCall', managementEvent: source !== 's3.amazonaws.com' || !/Object/.test(name), recipientAccountId: AWS_ACCOUNT, ...extra,
  });
}

function cloud(g: Gen, logs: LogSet, scale: number): void {
  const officeIp = '192.0.2.10'; // the office's NAT address on the internet
  for (let i = 0; i < Math.round(1500 * scale); i++) {
    const t = g.time();
    const user = g.pick(IAM_USERS.filter((u) => u !== 'backup-svc'));
    const [source, name] = g.pick([['ec2.amazonaws.com', 'DescribeInstances'], ['s3.amazonaws.com', 'ListBuckets'], ['sts.amazonaws.com', 'GetCallerIdentity'], ['cloudwatch.amazonaws.com', 'GetMetricData'], ['logs.amazonaws.com', 'FilterLogEvents'], ['iam.amazonaws.com', 'ListRoles']] as const);
    logs.add('cloud/cloudtrail.jsonl', t, cloudTrailRecord(g, t, { type: 'IAMUser', user }, officeIp, source, name));
  }
  // The batch instances read and write their buckets all day through their instance roles.
  for (let i = 0; i < Math.round(1800 * scale); i++) {
    const t = g.time('flat');
    const batch = g.chance(0.6);
    const role = batch ? 'ec2-batch-role' : 'ec2-report-role';
    const bucket = batch ? CUSTOMER_BUCKET : BACKUP_BUCKET;
    const name = g.pick(['GetObject', 'GetObject', 'PutObject', 'ListObjects']);
    logs.add('cloud/cloudtrail.jsonl', t, cloudTrailRecord(g, t, { type: 'AssumedRole', user: role, session: batch ? 'i-0a1b2c3d4e5f60001' : 'i-0a1b2c3d4e5f60002' }, batch ? '172.31.10.21' : '172.31.10.22', 's3.amazonaws.com', name, { requestParameters: { bucketName: bucket, key: `exports/2026-11-27/part-${g.int(1, 400)}.csv.gz` } }));
  }
  // The nightly backup job uploads the database dump with its access key.
  const t = DAY_START + 2 * HOUR + 20 * 60_000;
  logs.add('cloud/cloudtrail.jsonl', t, cloudTrailRecord(g, t, { type: 'IAMUser', user: 'backup-svc' }, '192.0.2.20', 's3.amazonaws.com', 'PutObject', { requestParameters: { bucketName: BACKUP_BUCKET, key: 'db-1/shop-2026-11-27.dump.gz' } }));
}

function windows(g: Gen, logs: LogSet, scale: number): void {
  const ev = (t: number, id: number, computer: string, data: Record<string, string>) => JSON.stringify({
    Event: { System: { Provider: { Name: 'Microsoft-Windows-Security-Auditing' }, EventID: id, Channel: 'Security', Computer: `${computer}.acme.local`, TimeCreated: { SystemTime: iso(t) }, EventRecordID: g.int(100000, 999999) }, EventData: data },
  });
  for (const w of WORKSTATIONS) {
    const user = w.owner ?? 'erin';
    for (let i = 0; i < Math.round(150 * scale); i++) {
      const t = g.time();
      const k = g.r();
      if (k < 0.25) logs.add('windows/security.jsonl', t, ev(t, 4624, w.name, { TargetUserName: user, TargetDomainName: 'ACME', LogonType: g.pick(['2', '7', '11']), IpAddress: '-', WorkstationName: w.name.toUpperCase() }));
      else if (k < 0.3) logs.add('windows/security.jsonl', t, ev(t, 4625, w.name, { TargetUserName: user, TargetDomainName: 'ACME', LogonType: '2', Status: '0xc000006d', SubStatus: '0xc000006a', IpAddress: '-' }));
      else if (k < 0.85) logs.add('windows/security.jsonl', t, ev(t, 4688, w.name, { SubjectUserName: user, NewProcessName: g.pick(['C:\\Program Files\\Mozilla Firefox\\firefox.exe', 'C:\\Windows\\explorer.exe', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', 'C:\\Windows\\System32\\svchost.exe', 'C:\\Program Files\\Slack\\slack.exe']), ParentProcessName: 'C:\\Windows\\explorer.exe' }));
      else logs.add('windows/security.jsonl', t, ev(t, 4634, w.name, { TargetUserName: user, TargetDomainName: 'ACME', LogonType: '2' }));
    }
  }
}

/** The CI job runner's own log: a format no parser knows. */
function jobs(g: Gen, logs: LogSet, scale: number): void {
  for (let i = 0; i < Math.round(2500 * scale); i++) {
    const t = g.time();
    const w = `runner-${g.int(1, 4)}`;
    const job = g.int(10000, 99999);
    const stamp = iso(t).replace('T', ' ').slice(0, 23);
    const line = g.pick([
      () => `${stamp} | ${w} | job#${job} picked pipeline=${g.pick(['shop', 'site', 'infra'])} stage=${g.pick(['build', 'test', 'deploy'])}`,
      () => `${stamp} | ${w} | job#${job} done in ${g.int(3, 900)}s result=SUCCESS`,
      () => `${stamp} | ${w} | job#${job} done in ${g.int(3, 900)}s result=FAILURE reason=${g.pick(['tests-failed', 'timeout', 'lint'])}`,
      () => `${stamp} | scheduler | queue depth ${g.int(0, 30)} idle runners ${g.int(0, 4)}`,
      () => `${stamp} | ${w} | artifact shop-${g.int(1, 9)}.${g.int(0, 30)}.${g.int(0, 99)}.tgz uploaded ${g.int(1, 90)}MB to ${host('files-1').ip}`,
    ])();
    logs.add('ci-1/jobs.log', t, line);
  }
  // The runner's logger writes a blank line on restart: counted as empty, not lost.
  logs.add('ci-1/jobs.log', DAY_START + 6 * HOUR, '');
}

export function otherDay(g: Gen, logs: LogSet, scale: number): void {
  web(g, logs, scale);
  shopApp(g, logs, scale);
  firewall(g, logs, scale);
  security(g, logs, scale);
  cloud(g, logs, scale);
  windows(g, logs, scale);
  jobs(g, logs, scale);
}

