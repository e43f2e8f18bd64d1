// What a page shows while its data loads or when the API refused it.
export function Loading() {
  return <p class="muted">Loading…</p>;
}

export function Failed(props: { error: string; retry?: () => void }) {
  return (
    <p class="error" role="alert">
      {props.error} {props.retry && <button onClick={props.retry}>retry</button>}
    </p>
  );
}

export function SeverityBadge(props: { level: string }) {
  return <span class={`sev sev-${props.level.toLowerCase()}`}>{props.level}</span>;
}
