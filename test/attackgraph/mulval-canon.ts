// Canonical form of a MulVAL VERTICES/ARCS pair, independent of node numbering: fact nodes are
// named by their label, AND nodes by rule label + head + sorted premises (unique per instance).
export interface Canon {
  counts: Record<string, number>;
  vertices: string[];
  arcs: string[];
}

export function canonical(vertices: string, arcs: string): Canon {
  const nodes = new Map<string, { label: string; kind: string }>();
  for (const line of vertices.split('\n')) {
    if (!line.trim()) continue;
    const m = /^(\d+),"(.*)","(OR|AND|LEAF)",[-\d.]+$/.exec(line.trim());
    if (!m) throw new Error(`bad vertex line ${line}`);
    nodes.set(m[1] as string, { label: m[2] as string, kind: m[3] as string });
  }
  const parent = new Map<string, string>();
  const children = new Map<string, string[]>();
  const arcList: [string, string][] = [];
  for (const line of arcs.split('\n')) {
    if (!line.trim()) continue;
    const [p, c] = line.trim().split(',') as [string, string];
    arcList.push([p, c]);
    if (nodes.get(p)?.kind === 'AND') children.set(p, [...(children.get(p) ?? []), c]);
    if (nodes.get(c)?.kind === 'AND') parent.set(c, p);
  }
  const name = (id: string): string => {
    const n = nodes.get(id);
    if (!n) throw new Error(`arc to unknown node ${id}`);
    if (n.kind !== 'AND') return `${n.kind} ${n.label}`;
    const head = nodes.get(parent.get(id) ?? '')?.label ?? '?';
    const kids = (children.get(id) ?? []).map((c) => nodes.get(c)?.label ?? '?').sort();
    return `AND ${n.label} [${head}] <- ${kids.join(' & ')}`;
  };
  const counts: Record<string, number> = { OR: 0, AND: 0, LEAF: 0 };
  for (const n of nodes.values()) counts[n.kind] = (counts[n.kind] ?? 0) + 1;
  return {
    counts,
    vertices: [...nodes.keys()].map(name).sort(),
    arcs: arcList.map(([p, c]) => `${name(p)} --> ${name(c)}`).sort(),
  };
}
