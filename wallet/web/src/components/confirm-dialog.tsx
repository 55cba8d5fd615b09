import type { ComponentChildren } from 'preact';
import { focusOnMount } from './focus-on-mount';

/**
 * A question in the page instead of the browser's `confirm()`: it takes focus when it appears,
 * so the person hears what is asked, and offers going ahead or going back. While the answer is
 * on its way the yes button is aria-disabled rather than disabled: a disabled button loses
 * focus, which would drop the person (and their screen reader) onto <body>.
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
  return (
    <div
      class="alert alert-warning"
      role="alertdialog"
      tabIndex={-1}
      ref={focusOnMount}
      aria-labelledby={props.id}
    >
      <p id={props.id}>{props.children}</p>
      <div class="button-row">
        <button
          type="button"
          class={`button ${props.yesClass}`}
          aria-disabled={props.busy ? 'true' : undefined}
          onClick={() => {
            if (!props.busy) props.onYes();
          }}
        >
          {props.yes}
        </button>
        <button type="button" class="button" onClick={props.onNo}>
          {props.no}
        </button>
      </div>
    </div>
  );
}
