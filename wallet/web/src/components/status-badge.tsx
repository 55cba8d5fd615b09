import { t, type MessageKey } from '../i18n';

export function StatusBadge(props: { status: string }) {
  const key = `status_${props.status}` as MessageKey;
  return <span class={`badge badge-${props.status}`}>{t(key) ?? props.status}</span>;
}
