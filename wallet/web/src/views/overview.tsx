import { useEffect, useState } from 'preact/hooks';
import { api, type Localized } from '../api';
import { ErrorMessage } from '../components/error-message';
import { IssuerName } from '../components/issuer-name';
import { formatDateTime, pick, t } from '../i18n';

interface Overview {
  holders: Array<{
    id: string;
    name: Localized;
    trusted: boolean;
    credential_types: Array<{ type: string; name: Localized }>;
    held_credentials: Array<{ id: string; name: Localized; received_at: string }>;
  }>;
  shared_with: Array<{
    client_id: string;
    name: Localized | null;
    shares: Array<{ at: string; claims: string[]; purpose: Localized | null; outcome: string }>;
  }>;
}

/** "Which bodies hold data about me, what have I shared, with whom and when." */
export function OverviewPage() {
  const [overview, setOverview] = useState<Overview | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api.get<Overview>('/api/overview').then(setOverview).catch(setError);
  }, []);
  return (
    <section>
      <h1 tabIndex={-1}>{t('overviewTitle')}</h1>
      <ErrorMessage error={error} />
      {overview && (
        <>
          <h2>{t('holdsAboutYou')}</h2>
          <ul class="card-list">
            {overview.holders.map((h) => (
              <li key={h.id}>
                <article class="card">
                  <h3>
                    <IssuerName name={h.name} fallback={h.id} trusted={h.trusted} />
                  </h3>
                  <p>{h.credential_types.map((c) => pick(c.name)).join(', ')}</p>
                  {h.held_credentials.length > 0 && (
                    <ul class="plain">
                      {h.held_credentials.map((c) => (
                        <li key={c.id}>
                          ✓ {pick(c.name)} ({formatDateTime(c.received_at)})
                        </li>
                      ))}
                    </ul>
                  )}
                </article>
              </li>
            ))}
          </ul>
          <h2>{t('sharedWith')}</h2>
          {overview.shared_with.length === 0 && <p>{t('nothingShared')}</p>}
          <ul class="card-list">
            {overview.shared_with.map((r) => (
              <li key={r.client_id}>
                <article class="card">
                  <h3>{pick(r.name ?? undefined, r.client_id)}</h3>
                  <ul class="plain">
                    {r.shares.map((s, i) => (
                      <li key={i}>
                        <time dateTime={s.at}>{formatDateTime(s.at)}</time>: {s.claims.join(', ')}
                        {s.purpose ? ` – ${pick(s.purpose)}` : ''}
                      </li>
                    ))}
                  </ul>
                </article>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
