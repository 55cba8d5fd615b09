import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A question in the page instead of the browser's `confirm()`: it takes focus when it appears,
 * so the person hears what is asked, and offers going ahead or going back.
 */
export function ConfirmDialog(props: {
  id: string;
  children: ComponentChildren;
  yes: string;
  yesClass: 'button-danger' | 'button-primary';
  no: string;
  busy?: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="alert alert-warning" role="alertdialog" tabIndex={-1} ref={ref} aria-labelledby={props.id}>
      <p id={props.id}>{props.children}</p>
      <div class="button-row">
        <button type="button" class={`button ${props.yesClass}`} disabled={props.busy} onClick={props.onYes}>
          {props.yes}
        </button>
        <button type="button" class="button" onClick={props.onNo}>
          {props.no}
        </button>
      </div>
    </div>
  );
}
