// The attack graph's two questions, beside the graph: Harden (the cheapest set of fixes that
// cuts every path to the crown jewels, its cost, whether it is proven optimal, and the goals
// still reachable once applied) and What-if (apply chosen fixes, or take a host or a service
// away, and see which goals stay reachable). Both are the server's answers (GET /harden,
// POST /what-if); the stored graph is never changed.
import { useState } from 'preact/hooks';
import { get, post } from '../api/client.ts';
import type { AttackGraph, HardenAdvice, WhatIfDiff } from '../api/types.ts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Services a what-if can take away: the graph's input facts of these kinds. */
const SERVICE_FACT = /^networkServiceInfo\(/;

function GoalList(props: { goals: string[]; testid: string; empty: string }) {
  if (props.goals.length === 0) return <p class="muted small" data-testid={props.testid}>{props.empty}</p>;
  return <ul class="small" data-testid={props.testid}>{props.goals.map((g) => <li class="mono">{g}</li>)}</ul>;
}

export function HardenPanel(props: { onAdvice: (a: HardenAdvice) => void }) {
  const [advice, setAdvice] = useState<HardenAdvice | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const a = await get<HardenAdvice>('/api/v1/attack-graph/harden');
      setAdvice(a);
      props.onAdvice(a);
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section data-testid="harden">
      <h3>Harden</h3>
      <button data-testid="harden-run" disabled={busy} onClick={() => void run()}>{busy ? 'solving…' : 'find the cheapest fixes'}</button>
      {error && <p class="error">{error}</p>}
      {advice && (
        <div data-testid="harden-result">
          <p>
            <b data-testid="harden-count">{advice.fixes.length}</b> {advice.fixes.length === 1 ? 'fix' : 'fixes'}, cost <b data-testid="harden-cost">{advice.totalCost}</b>{' '}
            <span data-testid="harden-optimal" data-optimal={String(advice.optimal)}>
              {advice.optimal ? '(proven optimal)' : `(not proven optimal: lower bound ${advice.lowerBound})`}
            </span>
          </p>
          <ol class="small" data-testid="harden-fixes">
            {advice.fixes.map((f) => <li data-fix-id={f.id}><b>{f.description}</b> <span class="muted">cost {f.cost}</span></li>)}
          </ol>
          {advice.uncuttable.length > 0 && <p class="small">No fix cuts: <span class="mono">{advice.uncuttable.join(', ')}</span></p>}
          <h4>Goals reachable after the fixes{advice.verification.reevaluated ? ' (re-evaluated)' : ''}</h4>
          <GoalList goals={advice.verification.goalsStillReachable} testid="harden-reachable" empty="none: every crown jewel is cut off" />
        </div>
      )}
    </section>
  );
}

export function WhatIfPanel(props: { graph: AttackGraph; advice: HardenAdvice | null }) {
  const [fixes, setFixes] = useState<Set<string>>(new Set());
  const [remove, setRemove] = useState<string>('');
  const [diff, setDiff] = useState<WhatIfDiff | null>(null);
  /** Answers shown so far: marks the result, so a reader can tell a new answer from the last. */
  const [runs, setRuns] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const leaves = props.graph.nodes.filter((n) => n.kind === 'LEAF');
  const hosts = [...new Set(leaves.map((n) => n.host).filter((h): h is string => h !== null))].sort();
  const services = leaves.filter((n) => SERVICE_FACT.test(n.label)).map((n) => n.label).sort();
  /** The facts a choice removes: a host takes every input fact about it with it. */
  const removed = (choice: string): string[] => {
    if (choice.startsWith('host:')) return leaves.filter((n) => n.host === choice.slice(5)).map((n) => n.label);
    return choice.startsWith('fact:') ? [choice.slice(5)] : [];
  };
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setDiff(await post<WhatIfDiff>('/api/v1/attack-graph/what-if', { fixes: [...fixes], remove: removed(remove) }));
      setRuns((n) => n + 1);
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (id: string) => {
    const next = new Set(fixes);
    if (!next.delete(id)) next.add(id);
    setFixes(next);
  };
  const cut = diff ? diff.goalsBefore.filter((g) => !diff.goalsAfter.includes(g)) : [];
  return (
    <section data-testid="what-if">
      <h3>What if</h3>
      {props.advice && props.advice.fixes.length > 0 ? (
        <ul class="small plain">
          {props.advice.fixes.map((f) => (
            <li><label><input type="checkbox" data-testid="what-if-fix" value={f.id} checked={fixes.has(f.id)} onChange={() => toggle(f.id)} /> {f.description}</label></li>
          ))}
        </ul>
      ) : <p class="muted small">Run Harden to pick among its fixes.</p>}
      <label class="small">
        remove{' '}
        <select class="what-if-remove" data-testid="what-if-remove" value={remove} onChange={(e) => setRemove((e.target as HTMLSelectElement).value)}>
          <option value="">nothing</option>
          <optgroup label="host (all its facts)">{hosts.map((h) => <option value={`host:${h}`}>{h}</option>)}</optgroup>
          <optgroup label="service">{services.map((s) => <option value={`fact:${s}`}>{s}</option>)}</optgroup>
        </select>
      </label>{' '}
      <button data-testid="what-if-run" disabled={busy || (fixes.size === 0 && remove === '')} onClick={() => void run()}>{busy ? 'evaluating…' : 'evaluate'}</button>
      {error && <p class="error">{error}</p>}
      {diff && (
        <div data-testid="what-if-result" data-run={runs}>
          <p class="small">{diff.lost.length} facts no longer derivable, {diff.gained.length} new · exploit steps {diff.andsBefore} → {diff.andsAfter}</p>
          <h4>Goals still reachable</h4>
          <GoalList goals={diff.goalsAfter} testid="what-if-reachable" empty="none" />
          {cut.length > 0 && <><h4>Goals cut off</h4><GoalList goals={cut} testid="what-if-cut" empty="none" /></>}
        </div>
      )}
    </section>
  );
}
