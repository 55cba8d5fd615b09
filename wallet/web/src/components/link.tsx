import type { ComponentChildren } from 'preact';
import { linkHandler } from '../router';

export function Link(props: {
  to: string;
  children: ComponentChildren;
  class?: string;
  /** `true`/`'page'`: this page; `'true'`: the section this page is in. */
  current?: boolean | 'page' | 'true';
}) {
  const current = props.current === true ? 'page' : props.current || undefined;
  return (
    <a href={props.to} class={props.class} aria-current={current} onClick={(e) => linkHandler(e, props.to)}>
      {props.children}
    </a>
  );
}
