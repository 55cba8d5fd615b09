import { useEffect, useState } from 'preact/hooks';
import { api, type Credential, type Localized, type StandingPermission } from '../api';
import { ErrorMessage } from '../components/error-message';
import { Link } from '../components/link';
import { StatusBadge } from '../components/status-badge';
import { formatDate, formatDateTime, pick, t, type MessageKey } from '../i18n';

/** `GET /api/home` (wallet/src/home/z-home-summary.ts). */
interface HomeSummary {
  open_requests: Array<{
    id: string;
    verifier: { client_id: string; name: Localized | null };
    received_at: string;
    expires_at: string;
  }>;
  waiting_cases: Array<{
    id: string;
    title: string;
    consumer: { name: Localized | null };
    last_activity_at: string;
  }>;
}

interface Item {
  key: string;
  kind: 'request' | 'case' | 'delivery' | 'credential' | 'used';
  who: string;
  textKey: MessageKey;
  detail?: string;
  to: string;
  actionKey: MessageKey;
}

const day = 24 * 3600 * 1000;
/** A credential "about to expire" runs out within this; a permission "recently used" was used within it. */
const soon = 30 * day;

function needsYou(
  summary: HomeSummary,
  credentials: Credential[],
  permissions: StandingPermission[],
): Item[] {
  const now = Date.now();
  const items: Item[] = summary.open_requests.map((r) => ({
    key: `request-${r.id}`,
    kind: 'request',
    who: pick(r.verifier.name ?? undefined, r.verifier.client_id),
    textKey: 'openRequestText',
    to: `/present?id=${encodeURIComponent(r.id)}`,
    actionKey: 'openRequestAction',
  }));
  for (const c of summary.waiting_cases ?? []) {
    items.push({
      key: `case-${c.id}`,
      kind: 'case',
      who: pick(c.consumer.name ?? undefined, c.title),
      textKey: 'caseWaitingText',
      detail: `”${c.title}”`,
      to: `/cases/${encodeURIComponent(c.id)}`,
      actionKey: 'caseWaitingAction',
    });
  }
  for (const p of permissions) {
    if (p.status === 'active' && p.failed_deliveries.length > 0)
      items.push({
        key: `delivery-${p.id}`,
        kind: 'delivery',
        who: pick(p.consumer.name ?? undefined, p.consumer.client_id),
        textKey: 'failedDeliveryText',
        to: '/standing-permissions',
        actionKey: 'failedDeliveryAction',
      });
  }
  for (const c of credentials) {
    const ended = ['revoked', 'expired', 'suspended'].includes(c.status);
    const expiresSoon = !ended && c.expires_at !== null && new Date(c.expires_at).getTime() - now < soon;
    if (ended || expiresSoon)
      items.push({
        key: `credential-${c.id}`,
        kind: 'credential',
        who: pick(c.name, c.credential_configuration_id),
        textKey: ended ? 'credentialEndedText' : 'credentialExpiresText',
        detail: ended ? t(`status_${c.status}` as MessageKey) : formatDate(c.expires_at),
        to: `/credentials/${encodeURIComponent(c.id)}`,
        actionKey: 'credentialAction',
      });
  }
  for (const p of permissions) {
    if (p.status === 'active' && p.last_delivered_at && now - new Date(p.last_delivered_at).getTime() < soon)
      items.push({
        key: `used-${p.id}`,
        kind: 'used',
        who: pick(p.consumer.name ?? undefined, p.consumer.client_id),
        textKey: 'recentlyUsedText',
        detail: formatDateTime(p.last_delivered_at),
        to: '/standing-permissions',
        actionKey: 'recentlyUsedAction',
      });
  }
  return items;
}

/** "Hem": what needs the person now, each leading to where it is handled; then the credentials. */
export function Home() {
  const [data, setData] = useState<
    { summary: HomeSummary; credentials: Credential[]; permissions: StandingPermission[] } | undefined
  >();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    Promise.all([
      api.get<HomeSummary>('/api/home'),
      api.get<{ credentials: Credential[] }>('/api/credentials'),
      api.get<{ permissions: StandingPermission[] }>('/api/standing-permissions'),
    ])
      .then(([summary, c, p]) => setData({ summary, credentials: c.credentials, permissions: p.permissions }))
      .catch(setError);
  }, []);
  const items = data ? needsYou(data.summary, data.credentials, data.permissions) : [];
  return (
    <section>
      <h1 tabIndex={-1}>{t('homeTitle')}</h1>
      <ErrorMessage error={error} />
      {!data && !error && <p aria-live="polite">{t('loading')}</p>}
      {data && (
        <>
          <section aria-labelledby="needs-you">
            <h2 id="needs-you">{t('needsYou')}</h2>
            {items.length === 0 && <p class="nothing-needs-you">{t('nothingNeedsYou')}</p>}
            <ul class="plain needs-you">
              {items.map((item) => (
                <li key={item.key} class={`card needs-item needs-${item.kind}`}>
                  <p>
                    <strong>{item.who}</strong> {t(item.textKey)}
                    {item.detail && <> {item.detail}</>}
                  </p>
                  <Link to={item.to} class="button button-primary">
                    {t(item.actionKey)} <span class="visually-hidden">– {item.who}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="your-credentials">
            <h2 id="your-credentials">{t('yourCredentials')}</h2>
            {data.credentials.length === 0 && (
              <p>
                {t('noCredentials')} <Link to="/holders">{t('receiveTitle')}</Link>
              </p>
            )}
            <ul class="plain glance">
              {data.credentials.map((c) => (
                <li key={c.id}>
                  <Link to={`/credentials/${encodeURIComponent(c.id)}`}>
                    {pick(c.name, c.credential_configuration_id)}
                  </Link>{' '}
                  <StatusBadge status={c.status} />
                </li>
              ))}
            </ul>
            {data.credentials.length > 0 && (
              <p>
                <Link to="/credentials">{t('allCredentials')}</Link>
              </p>
            )}
          </section>
        </>
      )}
    </section>
  );
}
