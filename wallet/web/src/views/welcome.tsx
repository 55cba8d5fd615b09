import { t } from '../i18n';

export function Welcome() {
  const returnTo = encodeURIComponent(location.pathname + location.search);
  return (
    <section class="welcome">
      <h1 tabIndex={-1}>{t('welcomeTitle')}</h1>
      <p class="lead">{t('welcomeText')}</p>
      <a class="button button-primary" href={`/auth/login?return_to=${returnTo}`}>
        {t('signIn')}
      </a>
    </section>
  );
}
