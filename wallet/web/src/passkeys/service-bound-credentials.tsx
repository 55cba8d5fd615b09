import { useEffect, useState } from 'preact/hooks';
import { api, type Credential, type Holder } from '../api';
import { pick } from '../i18n';
import { pt } from './passkey-texts';
import { startHolderFetch } from './receive-in-page';

type Bound = Credential & { key_protection?: 'service' | 'passkey' };

/**
 * Moving to passkey keys (docs/passkeys.md): the credentials still bound to keys the service
 * holds, each with "Hämta igen" at its holder. The copy fetched again is bound to keys made in
 * this page, and the receive screen (`?replaces=`) then has it replace the old one.
 */
export function ServiceBoundCredentials() {
  const [bound, setBound] = useState<Bound[] | undefined>();
  const [holders, setHolders] = useState<Holder[]>([]);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    Promise.all([
      api.get<{ credentials: Bound[] }>('/api/credentials'),
      api.get<{ holders: Holder[] }>('/api/holders'),
    ])
      .then(([held, catalogue]) => {
        setBound(held.credentials.filter((c) => c.key_protection === 'service'));
        setHolders(catalogue.holders);
      })
      .catch(() => setFailed(true));
  }, []);

  const holderOf = (c: Bound) =>
    holders.find(
      (h) =>
        h.credential_issuer === c.issuer.credential_issuer &&
        h.credential_types.some((t) => t.credential_configuration_id === c.credential_configuration_id),
    );
  const fetchAgain = async (c: Bound, holder: Holder) => {
    setFailed(false);
    try {
      // The keys are made here before the person leaves for the holder (unlocking if needed).
      location.href = await startHolderFetch(holder.id, {
        credential_configuration_id: c.credential_configuration_id,
        return_to: `/receive?replaces=${encodeURIComponent(c.id)}`,
      });
    } catch {
      setFailed(true);
    }
  };

  if (failed) {
    return (
      <div class="alert alert-error" role="alert">
        <p>{pt('failed')}</p>
      </div>
    );
  }
  if (!bound || bound.length === 0) return null;
  return (
    <section aria-labelledby="service-bound-title">
      <h3 id="service-bound-title">{pt('serviceBoundTitle')}</h3>
      <p>{pt('serviceBoundIntro')}</p>
      <ul class="plain">
        {bound.map((c) => {
          const holder = holderOf(c);
          const name = pick(c.name, c.credential_configuration_id);
          return (
            <li key={c.id} class="token-row" data-service-bound={c.id}>
              <span>
                {name} ({pick(c.issuer.name, c.issuer.credential_issuer)})
              </span>
              {holder ? (
                <button type="button" class="button button-small" onClick={() => fetchAgain(c, holder)}>
                  {pt('fetchAgain')} <span class="visually-hidden">{name}</span>
                </button>
              ) : (
                <span class="hint">{pt('noHolder')}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
