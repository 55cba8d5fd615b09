import { type Credential } from '../api';
import { ErrorMessage } from '../components/error-message';
import { focusOnMount } from '../components/focus-on-mount';
import { IssuerName } from '../components/issuer-name';
import { Link } from '../components/link';
import { StatusBadge } from '../components/status-badge';
import { usePages } from '../components/use-pages';
import { formatDate, pick, t } from '../i18n';

export function CredentialCard(props: { credential: Credential; link?: boolean }) {
  const c = props.credential;
  const style = c.background_color ? { borderInlineStartColor: c.background_color } : undefined;
  return (
    <article class="card credential-card" style={style}>
      <h2>{pick(c.name, c.credential_configuration_id)}</h2>
      <dl class="facts">
        <div>
          <dt>{t('issuedBy')}</dt>
          <dd>
            <IssuerName
              name={c.issuer.name}
              fallback={c.issuer.credential_issuer}
              trusted={c.issuer.trusted}
            />
          </dd>
        </div>
        <div>
          <dt>{t('issuedAt')}</dt>
          <dd>{formatDate(c.issued_at)}</dd>
        </div>
        {c.expires_at && (
          <div>
            <dt>{t('expiresAt')}</dt>
            <dd>{formatDate(c.expires_at)}</dd>
          </div>
        )}
        {/* A credential shown before it is saved has no status to speak of ("Väntar"). */}
        {c.status !== 'pending' && (
          <div>
            <dt>{t('status')}</dt>
            <dd>
              <StatusBadge status={c.status} />
            </dd>
          </div>
        )}
        {c.names_holder === false && (
          <div>
            <dt>{t('holder')}</dt>
            <dd class="no-holder">{t('noHolderBadge')}</dd>
          </div>
        )}
      </dl>
      {props.link && (
        <Link to={`/credentials/${c.id}`} class="button">
          {t('details')} <span class="visually-hidden">{pick(c.name)}</span>
        </Link>
      )}
    </article>
  );
}

/** Credentials a page of the list shows; "Visa fler" asks for the next (issue 24). */
const pageSize = 50;

export function Credentials() {
  const pages = usePages<Credential>('/api/credentials', 'credentials', pageSize);
  const { items: credentials, error } = pages;
  return (
    <section>
      <h1 tabIndex={-1}>{t('navCredentials')}</h1>
      <ErrorMessage error={error} />
      {!credentials && !error && <p aria-live="polite">{t('loading')}</p>}
      {credentials?.length === 0 && (
        <p>
          {t('noCredentials')} <Link to="/holders">{t('receiveTitle')}</Link>
        </p>
      )}
      <ul class="card-list" aria-label={t('navCredentials')}>
        {credentials?.map((c, i) => (
          <li key={c.id} {...(i === pages.firstNew ? { tabIndex: -1, ref: focusOnMount } : {})}>
            <CredentialCard credential={c} link />
          </li>
        ))}
      </ul>
      {pages.hasMore && (
        <button type="button" class="button" disabled={pages.loadingMore} onClick={pages.more}>
          {t('showMore')} <span class="visually-hidden">{t('moreCredentials')}</span>
        </button>
      )}
    </section>
  );
}
