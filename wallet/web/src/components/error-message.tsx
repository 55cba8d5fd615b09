import { useEffect, useRef } from 'preact/hooks';
import { pick } from '../i18n';
import { describeError } from './error-texts';

/**
 * The error in Swedish (or English) with the next step; never the API's own text. `id` lets a
 * form field point at it (aria-describedby); `focus` moves focus here when nothing better fits.
 */
export function ErrorMessage(props: { error: unknown; id?: string; focus?: boolean; codeSent?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.error && props.focus) ref.current?.focus();
  }, [props.error]);
  if (!props.error) return null;
  const text = describeError(props.error, { codeSent: props.codeSent });
  return (
    <div class="alert alert-error" role="alert" id={props.id} tabIndex={-1} ref={ref}>
      <p class="error-message">
        <strong>{pick(text.message)}.</strong> {pick(text.next)}
      </p>
    </div>
  );
}
