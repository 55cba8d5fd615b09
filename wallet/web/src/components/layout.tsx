import type { ComponentChildren } from 'preact';
import { api, type Session } from '../api';
import { getLang, setLang, t } from '../i18n';
import { ActingForSwitch } from './acting-for-switch';
import { forgetUnlocked } from '../passkeys/unlocked-keys';
import { Link } from './link';
import { isFocused, primaryDestinations, sectionOf } from './navigation';

async function signOut(): Promise<void> {
  await api.post('/auth/logout');
  // Unlocked holder keys do not outlive the session (docs/passkeys.md).
  await forgetUnlocked().catch(() => undefined);
  location.href = '/';
}

export function Layout(props: { session: Session | undefined; path: string; children: ComponentChildren }) {
  const signedIn = props.session?.signed_in === true;
  const focused = isFocused(props.path, location.search);
  const section = sectionOf(props.path);
  return (
    <div class={signedIn && !focused ? 'with-nav' : undefined}>
      <a class="skip-link" href="#main">
        {t('skip')}
      </a>
      <header class="site-header">
        <div class="bar">
          <Link to="/" class="brand">
            {t('appName')}
          </Link>
          <div class="header-actions">
            <button
              type="button"
              class="link-button"
              lang={getLang() === 'sv' ? 'en' : 'sv'}
              onClick={() => setLang(getLang() === 'sv' ? 'en' : 'sv')}
            >
              {t('language')}
            </button>
            {signedIn && !focused && (
              <button type="button" class="link-button sign-out" onClick={signOut}>
                {t('signOut')}
              </button>
            )}
          </div>
        </div>
        {signedIn && <ActingForSwitch />}
      </header>
      {signedIn && !focused && (
        <nav class="primary-nav" aria-label={t('primaryNav')}>
          <ul>
            {primaryDestinations.map((item) => (
              <li key={item.to}>
                <Link
                  to={item.to}
                  current={props.path === item.to ? 'page' : section === item.to ? 'true' : undefined}
                >
                  {t(item.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
