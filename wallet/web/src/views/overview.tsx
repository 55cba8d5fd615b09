import { useEffect, useState } from 'preact/hooks';
import { api, type Localized } from '../api';
import { claimNames } from '../components/claim-names';
import { ErrorMessage } from '../components/error-message';
import { IssuerName } from '../components/issuer-name';
import { Link } from '../components/link';
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
    shares: Array<{
      at: string;
      claims: string[];
      claim_labels?: Array<Localized | null>;
      purpose: Localized | null;
      outcome: string;
    }>;
  }>;
}

/** A type offered in two formats (SD-JWT VC and W3C VC) is one type to the person: named once. */
function typeNames(types: Array<{ name: Localized }>): string {
  return [...new Set(types.map((c) => pick(c.name)))].join(', ');
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
      <p>
        <Link to="/usage">{t('navUsage')}</Link>
      </p>
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
                  <p>{typeNames(h.credential_types)}</p>
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
                        <time dateTime={s.at}>{formatDateTime(s.at)}</time>:{' '}
                        {claimNames(s.claims, s.claim_labels)}
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
