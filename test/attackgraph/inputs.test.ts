// Inputs against the real samples in ../shared/datasets (read at run time) and our own demo
// inventory: every record is accounted for, and the CVSS mapping follows CVSS-MAPPING.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import { mapCvss } from '../../src/attackgraph/inputs/cvss.ts';
import { readNvdPage } from '../../src/attackgraph/inputs/nvd.ts';
import { readCve5 } from '../../src/attackgraph/inputs/cve5.ts';
import { readTrivy } from '../../src/attackgraph/inputs/trivy.ts';
import { readGrype } from '../../src/attackgraph/inputs/grype.ts';
import { readNessus } from '../../src/attackgraph/inputs/nessus.ts';
import { classifyAws, emitAwsFacts, cidrContains, type AwsDocs } from '../../src/attackgraph/inputs/aws.ts';
import { affects } from '../../src/attackgraph/inputs/match.ts';
import { buildAttackGraph } from '../../src/attackgraph/build.ts';
import { LocatedError } from '../../src/core/errors.ts';
import type { FactSink } from '../../src/attackgraph/synthetic.ts';

const shared = join(PRODUCT_ROOT, '..', 'shared', 'datasets');
const json = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));
const demo = join(PRODUCT_ROOT, 'test', 'attackgraph', 'fixtures', 'demo-inventory');

test('CVSS v3 and v2 vectors map to range, consequence and likelihood', () => {
  const rce = mapCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
  assert.equal(rce.range, 'remoteExploit');
  assert.equal(rce.consequence, 'privEscalation');
  assert.ok(Math.abs(rce.likelihood - 1) < 1e-3);
  assert.equal(mapCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H').range, 'remoteClient');
  const local = mapCvss('CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H');
  assert.equal(local.range, 'localExploit');
  assert.ok(local.likelihood < rce.likelihood);
  assert.equal(mapCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H').consequence, 'availabilityLoss');
  assert.equal(mapCvss('AV:N/AC:M/Au:N/C:N/I:P/A:N').consequence, 'privEscalation');
  assert.equal(mapCvss('CVSS2#AV:L/AC:L/Au:N/C:C/I:C/A:C').range, 'localExploit');
  assert.throws(() => mapCvss('garbage'), LocatedError);
});

test('NVD API 2.0 page: every CVE with a vector becomes an advisory with its CPE matches', () => {
  const file = join(shared, 'nvd-sample', 'nvd-api-2.0', 'full-page.json');
  const raw = json(file) as { vulnerabilities: { cve: { id: string; metrics?: Record<string, unknown[]> } }[] };
  const withVector = raw.vulnerabilities.filter((v) => Object.values(v.cve.metrics ?? {}).some((m) => m.length > 0));
  const adv = readNvdPage(raw, file);
  assert.equal(adv.length, withVector.length);
  assert.ok(adv.some((a) => a.products.length > 0));
  assert.throws(() => readNvdPage({ vulnerabilities: 'no' }, 'bad.json'), /not an NVD/);
});

test('CVE JSON 5 records: CNA vector first, else the ADP (vulnrichment) one', () => {
  const dir = join(shared, 'nvd-sample', 'vulnrichment-cve5');
  let mapped = 0;
  let files = 0;
  for (const f of readdirSync(dir).filter((x) => /^CVE-.*\.json$/.test(x))) {
    files++;
    const a = readCve5(json(join(dir, f)), f);
    if (!a) continue;
    mapped++;
    assert.match(a.id, /^CVE-\d{4}-\d+$/);
    if (a.property.vector.includes('AV:L')) assert.equal(a.property.range, a.property.vector.includes('PR:H') ? 'localExploitAdmin' : 'localExploit');
  }
  assert.ok(files > 100 && mapped > files * 0.9, `${mapped} of ${files} records mapped`);
});

test('Trivy reports: one finding per listed vulnerability, on the artifact', () => {
  const dir = join(shared, 'scan-reports', 'trivy');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const raw = json(join(dir, f)) as { ArtifactName: string; Results: { Vulnerabilities?: unknown[] }[] };
    const expected = raw.Results.reduce((s, r) => s + (r.Vulnerabilities?.length ?? 0), 0);
    const found = readTrivy(raw, { file: f });
    assert.equal(found.length, expected, f);
    assert.ok(found.every((x) => x.host === raw.ArtifactName));
  }
});

test('Nessus v2: CVE findings per host with port and service', () => {
  const file = join(shared, 'scan-reports', 'nessus', 'example_v2.nessus');
  const xml = readFileSync(file, 'utf8');
  const found = readNessus(xml, { file });
  const cveTags = (xml.match(/<cve>/g) ?? []).length;
  assert.equal(found.length, cveTags);
  assert.ok(found.every((f) => f.host.length > 0 && f.vulnId.startsWith('CVE-')));
  assert.throws(() => readNessus('<a><b></a>', { file: 'broken.nessus' }), LocatedError);
});

test('Grype JSON (documented shape): GHSA matches report the related CVE', () => {
  const report = {
    matches: [
      { vulnerability: { id: 'GHSA-demo-0001', cvss: [] }, relatedVulnerabilities: [{ id: 'DEMO-CVE', cvss: [] }], artifact: { name: 'libdemo', version: '1.0' } },
      { vulnerability: { id: 'CVE-2000-0001', cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }, artifact: { name: 'demo', version: '2' } },
    ],
    source: { target: { userInput: 'img:1' } },
  };
  const found = readGrype(report);
  assert.equal(found.length, 2);
  assert.equal(found[1]?.property?.range, 'remoteExploit');
  assert.equal(found[0]?.host, 'img:1');
});

test('AWS account: security groups open to the internet reach only public instances; IAM becomes iamAllows', () => {
  const dir = join(shared, 'aws-cloudmapper-demo');
  const docs: AwsDocs = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) assert.ok(classifyAws(json(join(dir, f)) as Record<string, unknown>, docs), f);
  const facts: string[] = [];
  const names: string[] = [];
  const sink: FactSink = { sym: (x) => names.push(String(x)) - 1, fact: (p, a) => facts.push(`${p}(${a.map((i) => names[i]).join(',')})`) };
  emitAwsFacts(docs, sink);
  const publicIds = new Set((docs.instances ?? []).filter((i) => i['PublicIpAddress']).map((i) => String(i['InstanceId'])));
  const fromInternet = facts.filter((f) => f.startsWith('hacl(internet,'));
  assert.ok(fromInternet.length > 0);
  assert.ok(fromInternet.every((f) => publicIds.has(f.split(',')[1] as string)));
  assert.ok(facts.some((f) => f.startsWith('iamAllows(')));
  assert.ok(cidrContains('10.0.0.0/16', '10.0.3.4') && !cidrContains('10.0.0.0/16', '10.1.0.1'));
});

test('software versions match advisory ranges', () => {
  const p = { product: 'demo_httpd', versionStartIncluding: '2.4.0', versionEndExcluding: '2.4.51' };
  assert.ok(affects(p, 'demo_httpd', '2.4.49'));
  assert.ok(!affects(p, 'demo_httpd', '2.4.51'));
  assert.ok(!affects(p, 'demo_httpd', undefined));
});

test('our demo inventory: the attacker reaches the database as root through the documented chain', () => {
  const built = buildAttackGraph({ inventory: demo });
  const g = built.graph;
  assert.deepEqual(g.goals.map((f) => g.facts.label(f)), ['execCode(db1,root)']);
  // The web server bug came from matching the installed version against the NVD-shaped feed.
  assert.ok(built.likelihood.has('DEMO-2026-0001'));
});

test('a malformed inventory is refused with the file and the field', () => {
  assert.throws(
    () => buildAttackGraph({ inventory: join(PRODUCT_ROOT, 'test', 'attackgraph', 'fixtures', 'bad-inventory') }),
    (e: unknown) => e instanceof LocatedError && /hosts\.0\.services\.0\.port/.test(e.message) && String(e.location.file).endsWith('bad.yaml'),
  );
});
