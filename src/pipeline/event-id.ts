// Deterministic event ids: the same line of the same source of the same tenant always gets
// the same id, which is what lets the store's uniqueness constraint turn a replay into a no-op.
// The id is a hash of (tenant, source identity), computed once per batch, then the byte
// offset: unique by construction, and no hash per line on the hot path.
import { createHash } from 'node:crypto';

export function eventIdPrefix(tenant: string, sourceId: string): string {
  return createHash('sha256').update(`${tenant}\0${sourceId}`).digest('base64url').slice(0, 16);
}

export function eventId(prefix: string, offset: number): string {
  return `${prefix}.${offset.toString(36)}`;
}
