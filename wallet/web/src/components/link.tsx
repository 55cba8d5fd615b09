import type { ComponentChildren } from 'preact';
import { linkHandler } from '../router';

export function Link(props: { to: string; children: ComponentChildren; class?: string; current?: boolean }) {
  return (
    <a
      href={props.to}
      class={props.class}
      aria-current={props.current ? 'page' : undefined}
      onClick={(e) => linkHandler(e, props.to)}
    >
      {props.children}
    </a>
  );
}
