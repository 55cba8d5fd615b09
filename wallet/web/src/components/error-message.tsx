import { ApiFailure } from '../api';
import { t } from '../i18n';

export function ErrorMessage(props: { error: unknown }) {
  if (!props.error) return null;
  const text =
    props.error instanceof ApiFailure
      ? props.error.body.error_description || props.error.body.error
      : String(props.error);
  return (
    <div class="alert alert-error" role="alert">
      <strong>{t('error')}:</strong> {text}
    </div>
  );
}
