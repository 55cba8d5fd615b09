import { useEffect, useState } from 'preact/hooks';
import { api, type Holder } from '../api';
import { ErrorMessage } from '../components/error-message';
import { QrScanner } from '../components/qr-scanner';
import { pick, t } from '../i18n';
import { startHolderFetch } from '../passkeys/receive-in-page';
import { navigate } from '../router';

/** "Hämta": paste an offer from a holder, or start fetching at a holder from the catalogue. */
export function Holders() {
  const [holders, setHolders] = useState<Holder[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [offer, setOffer] = useState('');
  const [txCode, setTxCode] = useState('');

  useEffect(() => {
    api
      .get<{ holders: Holder[] }>('/api/holders')
      .then((r) => setHolders(r.holders))
      .catch(setError);
  }, []);

  const fetchFrom = async (holder: Holder, configurationId: string) => {
    try {
      // A passkey-protected account: the keys are made in this page before leaving.
      location.href = await startHolderFetch(holder.id, {
        credential_configuration_id: configurationId,
        return_to: '/receive',
      });
    } catch (e) {
      setError(e);
    }
  };

  const submitOffer = (event: Event) => {
    event.preventDefault();
    const params = new URLSearchParams({ offer: offer.trim() });
    if (txCode.trim()) params.set('tx_code', txCode.trim());
    navigate(`/receive?${params}`);
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('receiveTitle')}</h1>
      <ErrorMessage error={error} />
      <h2>{t('holdersTitle')}</h2>
      <p>{t('holdersText')}</p>
      {!holders && !error && <p aria-live="polite">{t('loading')}</p>}
      <ul class="card-list">
        {holders?.map((holder) => (
          <li key={holder.id} id={`holder-${holder.id}`}>
            <article class="card">
              <h3>{pick(holder.name, holder.id)}</h3>
              <ul class="plain actions">
                {holder.credential_types
                  .filter((type) => type.format === 'dc+sd-jwt')
                  .map((type) => (
                    <li key={type.credential_configuration_id}>
                      <button
                        type="button"
                        class="button"
                        onClick={() => fetchFrom(holder, type.credential_configuration_id)}
                      >
                        {t('fetchFrom')}: {pick(type.name, type.credential_configuration_id)}
                      </button>
                    </li>
                  ))}
              </ul>
            </article>
          </li>
        ))}
      </ul>

      <h2>{t('offerLabel')}</h2>
      <form class="form" onSubmit={submitOffer}>
        <label for="offer">{t('offerLabel')}</label>
        <p class="hint" id="offer-hint">
          {t('offerHint')}
        </p>
        <textarea
          id="offer"
          name="offer"
          rows={3}
          required
          aria-describedby="offer-hint"
          value={offer}
          onInput={(e) => setOffer((e.target as HTMLTextAreaElement).value)}
        />
        <QrScanner accept={(text) => text.startsWith('openid-credential-offer:')} onResult={setOffer} />
        <label for="tx_code">{t('txCodeLabel')}</label>
        <p class="hint" id="tx-hint">
          {t('txCodeHint')}
        </p>
        <input
          id="tx_code"
          name="tx_code"
          inputMode="numeric"
          autoComplete="one-time-code"
          aria-describedby="tx-hint"
          value={txCode}
          onInput={(e) => setTxCode((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="button button-primary">
          {t('fetch')}
        </button>
      </form>
    </section>
  );
}
