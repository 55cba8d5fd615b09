import { useEffect, useState } from 'preact/hooks';
import { api, type Localized } from '../api';
import { getLang, pick, t } from '../i18n';
import { keepDcApiHandoverThroughSignIn } from './dc-api-handover';

/** Why the person is back here after the eID (`/auth/callback` adds `?sign_in=`). */
const signInOutcome = {
  cancelled: {
    sv: 'Inloggningen avbröts. Logga in igen när du vill fortsätta.',
    en: 'The sign-in was cancelled. Sign in again when you want to continue.',
  },
  failed: {
    sv: 'Inloggningen gick inte att slutföra. Försök igen.',
    en: 'The sign-in could not be completed. Try again.',
  },
};

/**
 * Who is asking, when the person arrived with a request link (`/present?request=…`): named from
 * the trust list by the link's client_id (GET /api/asker; nothing fetched or stored before
 * sign-in). The sign-in returns to the same address, so the request opens right after.
 */
function useAsker(): Localized | null {
  const [asker, setAsker] = useState<Localized | null>(null);
  useEffect(() => {
    const link = new URLSearchParams(location.search).get('request');
    if (location.pathname !== '/present' || !link) return;
    api
      .get<{ name: Localized | null }>(`/api/asker?request=${encodeURIComponent(link)}`)
      .then((answer) => setAsker(answer.name))
      .catch(() => setAsker(null));
  }, []);
  return asker;
}

export function Welcome() {
  const asker = useAsker();
  const [outcome] = useState(() => {
    const params = new URLSearchParams(location.search);
    const value = params.get('sign_in');
    if (value === null) return undefined;
    params.delete('sign_in');
    const query = params.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
    return value === 'cancelled' ? signInOutcome.cancelled : signInOutcome.failed;
  });
  // A request handed over through the DC API waits in this tab while the person signs in.
  useState(() => keepDcApiHandoverThroughSignIn());
  const returnTo = encodeURIComponent(location.pathname + location.search);
  return (
    <section class="welcome">
      <h1 tabIndex={-1}>
        {asker
          ? getLang() === 'sv'
            ? `${pick(asker)} ber om uppgifter – logga in för att fortsätta`
            : `${pick(asker)} is asking for details – sign in to continue`
          : t('welcomeTitle')}
      </h1>
      {outcome && (
        <p class="alert alert-warning" role="alert">
          {pick(outcome)}
        </p>
      )}
      <p class="lead">{t('welcomeText')}</p>
      <a class="button button-primary" href={`/auth/login?return_to=${returnTo}`}>
        {t('signIn')}
      </a>
    </section>
  );
}
