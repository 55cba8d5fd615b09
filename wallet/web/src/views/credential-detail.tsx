import { useEffect, useState } from 'preact/hooks';
import { api, type Credential } from '../api';
import { ClaimValue } from '../components/claim-value';
import { ErrorMessage } from '../components/error-message';
import { Link } from '../components/link';
import { pick, t } from '../i18n';
import { navigate } from '../router';
import { CredentialCard } from './credentials';

export function ClaimTable(props: { claims: NonNullable<Credential['claims']> }) {
  return (
    <dl class="claims">
      {props.claims.map((claim) => (
        <div key={claim.name}>
          <dt>{pick(claim.label, claim.name)}</dt>
          <dd>
            <ClaimValue value={claim.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function CredentialDetail(props: { id: string }) {
  const [credential, setCredential] = useState<Credential | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api
      .get<Credential>(`/api/credentials/${encodeURIComponent(props.id)}`)
      .then(setCredential)
      .catch(setError);
  }, [props.id]);

  const remove = async () => {
    if (!confirm(t('confirmDelete'))) return;
    try {
      await api.delete(`/api/credentials/${encodeURIComponent(props.id)}`);
      navigate('/');
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <p>
        <Link to="/">← {t('back')}</Link>
      </p>
      <h1 tabIndex={-1}>{credential ? pick(credential.name) : t('loading')}</h1>
      <ErrorMessage error={error} />
      {credential && (
        <>
          <CredentialCard credential={credential} />
          <h2>{t('claimsTitle')}</h2>
          <ClaimTable claims={credential.claims ?? []} />
          <button type="button" class="button button-danger" onClick={remove}>
            {t('deleteCredential')}
          </button>
        </>
      )}
    </section>
  );
}
