// Roles and what each may do. A route declares the permission it needs; a token's role
// grants a set of them. The global admin manages tenants and may act in any tenant.
export const ROLES = ['global-admin', 'admin', 'analyst', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

/** `ingest` writes events; `read` reads a tenant's data; `triage` changes alerts;
 *  `manage` changes the tenant's configuration and tokens; `global` manages tenants. */
export type Permission = 'ingest' | 'read' | 'triage' | 'manage' | 'global';

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  'global-admin': new Set(['ingest', 'read', 'triage', 'manage', 'global']),
  admin: new Set(['ingest', 'read', 'triage', 'manage']),
  analyst: new Set(['read', 'triage']),
  ingest: new Set(['ingest']),
};

export function allows(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
