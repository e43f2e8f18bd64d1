// Layering: the one mechanism by which an enterprise tailors what ships with the product.
// Parsers, rules, field mappings, suppressions, interaction rules and policies all come as
// an ordered list of layers (global first, then the tenant's); a later layer adds items,
// overrides an earlier item with the same id, or disables an id. One implementation, reused.

export interface Layer<T> {
  /** Name shown in provenance, e.g. `global` or `tenant:acme`. */
  name: string;
  items: readonly T[];
  /** Ids to remove from the result, whichever layer (earlier or this one) defined them. */
  disabled?: readonly string[];
}

export interface LayeredItem<T> {
  id: string;
  item: T;
  /** The layer the winning definition came from. */
  layer: string;
  /** Names of earlier layers whose definition of the same id this one replaced. */
  overrides: string[];
}

export interface LayerResolution<T> {
  /** Effective items in a stable order: the first definition's position, later layers' new ids after. */
  items: LayeredItem<T>[];
  /** Ids removed by a `disabled` entry, with the layer that disabled them. */
  disabled: { id: string; layer: string }[];
  /** Disabled ids that no layer defines (likely a typo in the tenant's configuration). */
  unknownDisabled: { id: string; layer: string }[];
}

/** Resolves ordered layers into the effective set. Pure: no I/O, no mutation of the inputs. */
export function resolveLayers<T>(layers: readonly Layer<T>[], idOf: (item: T) => string): LayerResolution<T> {
  const byId = new Map<string, LayeredItem<T>>();
  const disabledBy = new Map<string, string>();
  for (const layer of layers) {
    for (const item of layer.items) {
      const id = idOf(item);
      const previous = byId.get(id);
      if (previous) {
        // Keep the original position so an override does not reorder evaluation.
        previous.overrides.push(previous.layer);
        previous.item = item;
        previous.layer = layer.name;
      } else {
        byId.set(id, { id, item, layer: layer.name, overrides: [] });
      }
      // A later layer re-defining a disabled id brings it back.
      disabledBy.delete(id);
    }
    for (const id of layer.disabled ?? []) disabledBy.set(id, layer.name);
  }
  const items: LayeredItem<T>[] = [];
  for (const entry of byId.values()) if (!disabledBy.has(entry.id)) items.push(entry);
  const disabled: { id: string; layer: string }[] = [];
  const unknownDisabled: { id: string; layer: string }[] = [];
  for (const [id, layer] of disabledBy) (byId.has(id) ? disabled : unknownDisabled).push({ id, layer });
  return { items, disabled, unknownDisabled };
}

/** Layer name of a tenant, as shown in provenance. */
export function tenantLayerName(tenant: string): string {
  return `tenant:${tenant}`;
}

/** Tenant names become folder names and store keys: keep them to a safe alphabet. */
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function assertTenant(tenant: string): string {
  if (!TENANT_PATTERN.test(tenant)) {
    throw new Error(`invalid tenant name ${JSON.stringify(tenant)}: use 1-63 of a-z, 0-9, '_' and '-', starting with a letter or digit`);
  }
  return tenant;
}
