import type { ComponentChildren } from 'preact';
import { api, type Session } from '../api';
import { getLang, setLang, t, type MessageKey } from '../i18n';
import { Link } from './link';

const nav: Array<{ to: string; key: MessageKey }> = [
  { to: '/', key: 'navCredentials' },
  { to: '/holders', key: 'navReceive' },
  { to: '/profile', key: 'navProfile' },
  { to: '/present', key: 'navShare' },
  { to: '/standing-permissions', key: 'navStanding' },
  { to: '/log', key: 'navLog' },
  { to: '/approvals', key: 'navApprovals' },
  { to: '/overview', key: 'navOverview' },
  { to: '/settings', key: 'navSettings' },
];

export function Layout(props: { session: Session | undefined; path: string; children: ComponentChildren }) {
  const signOut = async () => {
    await api.post('/auth/logout');
    location.href = '/';
  };
  return (
    <>
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
            {props.session?.signed_in && (
              <button type="button" class="link-button" onClick={signOut}>
                {t('signOut')}
              </button>
            )}
          </div>
        </div>
        {props.session?.signed_in && (
          <nav aria-label={t('appName')}>
            <ul>
              {nav.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} current={props.path === item.to}>
                    {t(item.key)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
