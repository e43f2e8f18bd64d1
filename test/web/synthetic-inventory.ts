// A large tenant inventory for the graph page's scale test: the synthetic enterprise of
// src/attackgraph/synthetic.ts (its facts, as the scale benchmark uses them) written back as
// our inventory YAML, so the server computes its attack graph the way it does any tenant's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generateEnterprise, HOSTS_PER_SUBNET } from '../../src/attackgraph/synthetic.ts';
import type { InventoryData } from '../../src/attackgraph/inputs/inventory.ts';

const VECTORS: Record<string, string> = {
  remoteExploit: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  localExploit: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H',
};

type InputInventory = { [K in keyof InventoryData]?: unknown };

/** The synthetic estate of `hosts` hosts as inventory data; crown jewels: root on `goals` hosts of the last subnet. */
export function syntheticInventory(hosts: number, goals = 3, seed = 42): InputInventory {
  const names: (string | number)[] = [];
  const facts: { pred: string; args: (string | number)[] }[] = [];
  const estate = generateEnterprise(hosts, {
    sym: (x) => names.push(x) - 1,
    fact: (pred, args) => facts.push({ pred, args: args.map((a) => names[a] as string | number) }),
  }, seed);
  const subnet = (h: string) => (h === 'internet' ? 'internet' : `net${Math.floor(Number(h.slice(1)) / HOSTS_PER_SUBNET)}`);
  const byHost = new Map<string, { name: string; subnet: string; services: unknown[]; accounts: unknown[]; vulnerabilities: unknown[] }>();
  const hostOf = (h: string) => byHost.get(h) ?? byHost.set(h, { name: h, subnet: subnet(h), services: [], accounts: [], vulnerabilities: [] }).get(h)!;
  for (let i = 0; i < hosts; i++) hostOf(`h${i}`);
  const flows = new Map<string, Set<number>>();
  const principals = new Set<string>();
  const advisories: { id: string; vector: string }[] = [];
  const attacker: string[] = [];
  for (const { pred, args } of facts) {
    const [a, b, c, d, e] = args.map(String) as [string, string, string, string, string];
    if (pred === 'hacl') {
      // The estate's flows are whole subnets to whole subnets, so a rule per subnet pair says the same.
      const key = `${subnet(a)}>${subnet(b)}>${c}`;
      (flows.get(key) ?? flows.set(key, new Set()).get(key)!).add(Number(d));
    } else if (pred === 'networkServiceInfo') hostOf(a).services.push({ program: b, protocol: c, port: Number(d), user: e });
    else if (pred === 'vulExists') hostOf(a).vulnerabilities.push({ id: b, program: c });
    else if (pred === 'hasAccount') {
      principals.add(a);
      hostOf(b).accounts.push({ principal: a, account: c });
    } else if (pred === 'vulProperty') advisories.push({ id: a, vector: VECTORS[b] ?? VECTORS.remoteExploit! });
    else if (pred === 'attackerLocated') attacker.push(a);
  }
  const firewall = [...flows].map(([key, ports]) => {
    const [from, to, protocol] = key.split('>') as [string, string, string];
    return { from, to, protocol, ports: [...ports].sort((x, y) => x - y) };
  });
  return {
    attacker, hosts: [...byHost.values()], firewall, advisories,
    principals: [...principals].map((name) => ({ name, competent: true })),
    goals: estate.crownJewels.slice(0, goals).map((h) => `execCode(${h}, root)`),
  };
}

/** Writes the inventory into `<dataDir>/tenants/<tenant>/inventory/`. */
export function writeSyntheticInventory(dataDir: string, tenant: string, hosts: number): void {
  const dir = join(dataDir, 'tenants', tenant, 'inventory');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'estate.yaml'), stringify(syntheticInventory(hosts)));
}
