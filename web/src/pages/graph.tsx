// The attack graph: AND/OR/LEAF nodes laid out in layers (computed here, not by a force
// layout, so 5,000 nodes appear at once), the paths to crown jewels in red, the attacker's
// positions from live alerts marked, ranked next steps, and a click on a node showing its
// fact and CVEs. Cytoscape is loaded only on this page (its own chunk).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Core, ElementDefinition } from 'cytoscape';
import { useApi } from '../api/use-api.ts';
import { get, getText, post } from '../api/client.ts';
import type { AttackGraph, GraphNodeDetail, HardenAdvice } from '../api/types.ts';
import { HardenPanel, WhatIfPanel } from './graph-harden.tsx';
import { Failed, Loading } from '../components/status.tsx';
import { navigate } from '../router.ts';
import { layeredLayout } from '../graph/layered-layout.ts';
import { BIG_GRAPH, graphStyle, labelVisible } from '../graph/graph-style.ts';

declare global {
  interface Window {
    /** The live Cytoscape instance, for the browser tests' timing of pan, zoom and click. */
    stegosocGraph?: Core;
  }
}

/** Long fact labels are cut here (the details panel has the whole fact) so neighbours' labels do not overlap. */
const LABEL_MAX = 30;
const EXPORTS = ['json', 'mulval-csv', 'dot', 'graphml', 'cypher', 'neo4j-csv'] as const;

/** Spreads the layout sideways until it has the canvas's proportions (ranks make it tall). */
function fitAspect(at: Map<string, { x: number; y: number }>, aspect: number): void {
  let x1 = Infinity, x2 = -Infinity, y1 = Infinity, y2 = -Infinity;
  for (const p of at.values()) {
    x1 = Math.min(x1, p.x); x2 = Math.max(x2, p.x); y1 = Math.min(y1, p.y); y2 = Math.max(y2, p.y);
  }
  const stretch = ((y2 - y1) * aspect) / Math.max(1, x2 - x1);
  if (stretch > 1) for (const p of at.values()) p.x *= Math.min(stretch, 4);
}

function elementsOf(g: AttackGraph, aspect: number): { elements: ElementDefinition[]; layoutMs: number } {
  const t0 = performance.now();
  const at = layeredLayout(g.nodes.map((n) => n.id), g.edges, { dx: 150, maxRow: Math.max(16, Math.round(2 * Math.sqrt(g.nodes.length))) });
  fitAspect(at, aspect);
  const layoutMs = performance.now() - t0;
  const elements: ElementDefinition[] = [];
  for (const n of g.nodes) {
    const classes = [n.kind, n.goal && 'goal', n.onGoalPath && 'goalpath', n.attacker && 'attacker', n.next !== null && 'next'].filter(Boolean).join(' ');
    const text = n.label.length > LABEL_MAX ? `${n.label.slice(0, LABEL_MAX - 1)}…` : n.label;
    const label = `${n.attacker ? 'ATTACKER · ' : ''}${n.next !== null ? `#${n.next} ` : ''}${text}`;
    elements.push({ group: 'nodes', data: { id: n.id, label, kind: n.kind }, position: at.get(n.id) ?? { x: 0, y: 0 }, classes });
  }
  g.edges.forEach((e, i) => elements.push({ group: 'edges', data: { id: `e${i}`, source: e.source, target: e.target }, classes: e.onGoalPath ? 'goalpath' : '' }));
  return { elements, layoutMs };
}

function NodeDetails(props: { id: string; pick: (id: string) => void }) {
  const [d, setD] = useState<GraphNodeDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setD(null);
    setError(null);
    get<GraphNodeDetail>(`/api/v1/attack-graph/nodes/${encodeURIComponent(props.id)}`).then(
      (v) => live && setD(v),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => void (live = false);
  }, [props.id]);
  if (error) return <p class="error">{error}</p>;
  if (!d) return <p class="muted">Loading {props.id}…</p>;
  return (
    <div data-testid="node-details" data-node-id={d.id}>
      <h3>{d.kind} · {d.label}</h3>
      <p class="mono small">{d.fact}</p>
      {d.host && <p>host <b>{d.host}</b></p>}
      <h4>CVEs</h4>
      {d.cves.length === 0 ? <p class="muted">none</p> : (
        <ul data-testid="node-cves">{d.cves.map((c) => <li><b>{c.id}</b>{c.cvss !== null && ` (CVSS ${c.cvss})`}{c.summary && ` — ${c.summary}`}</li>)}</ul>
      )}
      {d.derivedBy.length > 0 && <><h4>derived by</h4><NodeLinks ids={d.derivedBy} pick={props.pick} /></>}
      {d.enables.length > 0 && <><h4>enables</h4><NodeLinks ids={d.enables} pick={props.pick} /></>}
    </div>
  );
}

/** Neighbour ids as links that move the view (and the panel) to that node. */
function NodeLinks(props: { ids: string[]; pick: (id: string) => void }) {
  return (
    <>
      <ul class="small">
        {props.ids.slice(0, 20).map((x) => <li class="mono"><a href="#" onClick={(e) => { e.preventDefault(); props.pick(x); }}>{x}</a></li>)}
      </ul>
      {props.ids.length > 20 && <p class="muted">… {props.ids.length - 20} more</p>}
    </>
  );
}

async function download(format: string): Promise<void> {
  const text = await getText(`/api/v1/attack-graph/export?format=${format}`);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text]));
  a.download = `attack-graph.${format === 'json' ? 'json' : format === 'dot' ? 'dot' : format === 'graphml' ? 'graphml' : format === 'cypher' ? 'cypher' : `${format}.json`}`;
  a.click();
  URL.revokeObjectURL(a.href);
}

export function GraphPage(props: { query: URLSearchParams }) {
  const view = props.query.get('view') === 'hosts' ? 'hosts' : 'full';
  const { data, error, reload } = useApi<AttackGraph>(`/api/v1/attack-graph?view=${view}`);
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [timing, setTiming] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [advice, setAdvice] = useState<HardenAdvice | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!data || !el) return;
    let cy: Core | null = null;
    let cancelled = false;
    void import('cytoscape').then(({ default: cytoscape }) => {
      if (cancelled) return;
      const big = data.nodes.length + data.edges.length > BIG_GRAPH;
      const { elements, layoutMs } = elementsOf(data, el.clientWidth / Math.max(1, el.clientHeight));
      const t0 = performance.now();
      cy = cytoscape({
        container: el, elements, style: graphStyle(big), layout: { name: 'preset' },
        minZoom: 0.02, maxZoom: 4, boxSelectionEnabled: false,
        // While panning or zooming a big graph, move a bitmap of it and leave edges out.
        textureOnViewport: big, hideEdgesOnViewport: big, motionBlur: false, pixelRatio: big ? 1 : 'auto',
        // Selecting restyles and redraws all of a big graph before the details panel can show;
        // there the panel (and a centred view) says which node was clicked instead.
        autounselectify: big,
      });
      cy.on('tap', 'node', (e) => setSelected(e.target.id() as string));
      cy.fit(undefined, 20);
      if (big) {
        // Labels follow the view once it settles, not on every frame of a pan.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const c = cy;
        c.on('viewport', () => {
          clearTimeout(timer);
          timer = setTimeout(() => c.destroyed() || labelVisible(c), 150);
        });
      }
      cyRef.current = cy;
      window.stegosocGraph = cy;
      setTiming(`layout ${layoutMs.toFixed(0)} ms · draw ${(performance.now() - t0).toFixed(0)} ms`);
    });
    return () => {
      cancelled = true;
      cy?.destroy();
      cyRef.current = null;
      if (window.stegosocGraph === cy) delete window.stegosocGraph;
    };
  }, [data]);

  const focus = (id: string) => {
    const cy = cyRef.current;
    setSelected(id);
    if (!cy) return;
    const n = cy.getElementById(id);
    if (n.empty()) return;
    cy.elements().unselect();
    n.select();
    cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 1) }, { duration: 250 });
  };
  const act = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(what);
    try {
      await fn();
    } finally {
      setBusy(null);
    }
  };

  if (error) return <Failed error={error} retry={reload} />;
  return (
    <div class="page graph">
      <div class="graph-bar">
        <h1>Attack graph</h1>
        <div class="seg" role="group" aria-label="view">
          <button data-testid="view-full" class={view === 'full' ? 'on' : ''} onClick={() => navigate('/graph?view=full', true)}>full graph</button>
          <button data-testid="view-hosts" class={view === 'hosts' ? 'on' : ''} onClick={() => navigate('/graph?view=hosts', true)}>host view</button>
        </div>
        {data && <span class="muted" data-testid="graph-size">{data.nodes.length} nodes · {data.edges.length} edges · {timing}</span>}
        <button disabled={busy !== null} onClick={() => act('compute', async () => { await post('/api/v1/attack-graph/compute'); reload(); })}>{busy === 'compute' ? 'computing…' : 'recompute'}</button>
        <select onChange={(e) => { const f = (e.target as HTMLSelectElement).value; (e.target as HTMLSelectElement).value = ''; if (f) void act('export', () => download(f)); }}>
          <option value="">export…</option>{EXPORTS.map((f) => <option value={f}>{f}</option>)}
        </select>
      </div>
      <div class="graph-main">
        <div class="graph-canvas" ref={box} data-testid="graph-canvas">{!data && <Loading />}</div>
        <aside class="graph-side">
          {selected ? <NodeDetails id={selected} pick={focus} /> : <p class="muted">Click a node for its fact and CVEs.</p>}
          {data && (
            <>
              <h3>Attacker positions</h3>
              {data.attacker.positions.length === 0 ? <p class="muted">No alert places the attacker on the graph.</p> : (
                <ul data-testid="attacker-positions">
                  {data.attacker.positions.map((p) => (
                    <li><a href="#" onClick={(e) => { e.preventDefault(); focus(p.nodeId); }}><b>{p.host}</b> as {p.privilege}</a> <span class="muted small">({p.alertIds.length} alerts)</span></li>
                  ))}
                </ul>
              )}
              <h3>Next steps</h3>
              {data.attacker.nextSteps.length === 0 ? <p class="muted">none</p> : (
                <ol data-testid="next-steps">
                  {[...data.attacker.nextSteps].sort((a, b) => a.rank - b.rank).map((s) => (
                    <li><a href="#" onClick={(e) => { e.preventDefault(); focus(s.nodeId); }}>{s.label}</a> <span class="muted small">p={s.probability.toFixed(2)}</span></li>
                  ))}
                </ol>
              )}
              <h3>Crown jewels</h3>
              <ul class="small">{data.goals.map((g) => <li class="mono">{g}</li>)}</ul>
              <HardenPanel onAdvice={setAdvice} />
              <WhatIfPanel graph={data} advice={advice} />
              <p class="legend small"><span class="k leaf" /> fact <span class="k or" /> privilege (OR) <span class="k and" /> exploit step (AND) <span class="k att" /> attacker <span class="k path" /> path to a crown jewel</p>
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
