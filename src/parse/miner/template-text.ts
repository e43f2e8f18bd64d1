// The two written forms of a template. Users see `1.2.3.4:80` as `<*>:<*>` (two attributes, ip
// and port); the Loghub benchmark convention writes it as one `<*>`.
import { IP_PORT_SEP, WILDCARD } from './mask.ts';

const JOINED = WILDCARD + IP_PORT_SEP + WILDCARD;

export function displayText(internal: string): string {
  return internal.includes(IP_PORT_SEP) ? internal.split(IP_PORT_SEP).join(':') : internal;
}

export function loghubText(internal: string): string {
  if (!internal.includes(IP_PORT_SEP)) return internal;
  return internal.split(JOINED).join(WILDCARD).split(IP_PORT_SEP).join(':');
}
