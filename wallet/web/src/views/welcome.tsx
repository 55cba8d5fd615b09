import { useState } from 'preact/hooks';
import { pick, t } from '../i18n';

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

export function Welcome() {
  const [outcome] = useState(() => {
    const params = new URLSearchParams(location.search);
    const value = params.get('sign_in');
    if (value === null) return undefined;
    params.delete('sign_in');
    const query = params.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
    return value === 'cancelled' ? signInOutcome.cancelled : signInOutcome.failed;
  });
  const returnTo = encodeURIComponent(location.pathname + location.search);
  return (
    <section class="welcome">
      <h1 tabIndex={-1}>{t('welcomeTitle')}</h1>
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
