import type { ComponentChildren } from 'preact';
import { linkClick } from '../router.ts';

export function Link(props: { to: string; children: ComponentChildren; class?: string; testid?: string }) {
  return (
    <a href={props.to} class={props.class} data-testid={props.testid} onClick={(e) => linkClick(e, props.to)}>
      {props.children}
    </a>
  );
}
