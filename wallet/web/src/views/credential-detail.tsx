import { useEffect, useState } from 'preact/hooks';
import { api, type Credential } from '../api';
import { ClaimValue } from '../components/claim-value';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorMessage } from '../components/error-message';
import { focusOnMount } from '../components/focus-on-mount';
import { Link } from '../components/link';
import { pick, t } from '../i18n';
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
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [deleted, setDeleted] = useState(false);
  useEffect(() => {
    api
      .get<Credential>(`/api/credentials/${encodeURIComponent(props.id)}`)
      .then(setCredential)
      .catch(setError);
  }, [props.id]);
  const remove = async () => {
    setBusy(true);
    try {
      await api.delete(`/api/credentials/${encodeURIComponent(props.id)}`);
      setConfirming(false);
      setDeleted(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p>
        <Link to="/credentials">← {t('back')}</Link>
      </p>
      <h1 tabIndex={-1}>{credential ? pick(credential.name) : t('loading')}</h1>
      <ErrorMessage error={error} focus />
      {deleted && credential && (
        <div class="alert alert-success" role="status" tabIndex={-1} ref={focusOnMount}>
          <p>
            {pick(credential.name)} {t('deletedNamed')}
          </p>
          <Link to="/credentials" class="button button-primary">
            {t('allCredentials')}
          </Link>
        </div>
      )}
      {credential && !deleted && (
        <>
          <CredentialCard credential={credential} />
          <h2>{t('claimsTitle')}</h2>
          <ClaimTable claims={credential.claims ?? []} />
          {confirming ? (
            <ConfirmDialog
              id="confirm-delete"
              yes={t('deleteConfirmYes')}
              yesClass="button-danger"
              no={t('cancel')}
              busy={busy}
              onYes={remove}
              onNo={() => setConfirming(false)}
            >
              {t('confirmDelete')}
            </ConfirmDialog>
          ) : (
            <button type="button" class="button button-danger" onClick={() => setConfirming(true)}>
              {t('deleteCredential')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
