// cidr: the field is an IPv4 or IPv6 address inside the network. Parsing is done with
// node:net's BlockList, which knows both families and their textual forms.
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { ModifierError, rawText, type ValueSpec } from '../value-spec.ts';
import { perValue } from './modifier.ts';

export const cidr = perValue('cidr', (v): ValueSpec => {
  const text = rawText(v, 'cidr').trim();
  parseCidr(text);
  return { kind: 'cidr', cidr: text };
});

export function parseCidr(text: string): { family: 'ipv4' | 'ipv6'; address: string; prefix: number } {
  const [address = '', prefixText, extra] = text.split('/');
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  const max = family === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!family || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new ModifierError(`'cidr' value ${JSON.stringify(text)} is not an IPv4 or IPv6 network (address/prefix)`);
  }
  return { family, address, prefix };
}

/** A predicate for addresses in any of the networks. */
export function cidrTest(networks: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const n of networks) {
    const { family, address, prefix } = parseCidr(n);
    list.addSubnet(address, prefix, family);
  }
  return (address) => {
    const a = address.trim();
    if (isIPv4(a)) return list.check(a, 'ipv4');
    if (isIPv6(a)) return list.check(a, 'ipv6');
    return false;
  };
}
