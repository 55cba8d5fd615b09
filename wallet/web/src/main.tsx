import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken, type Session } from './api';
import { Layout } from './components/layout';
import { setKeyIdleSeconds } from './passkeys/signing-request';
import { getLang, onLangChange, t } from './i18n';
import { currentPath, onNavigate } from './router';
import './styles.css';
import { CloseAccount } from './views/account/close-account';
import { Approvals } from './views/approvals';
import { CredentialDetail } from './views/credential-detail';
import { Credentials } from './views/credentials';
import { Holders } from './views/holders';
import { Home } from './views/home';
import { Log } from './views/log';
import { More } from './views/more';
import { OverviewPage } from './views/overview';
import { Present } from './views/present';
import { Profile } from './views/profile/profile';
import { Receive } from './views/receive';
import { Settings } from './views/settings';
import { ShareWithMany } from './views/standing-permissions/share-with-many';
import { StandingPermissions } from './views/standing-permissions/standing-permissions';
import { Usage } from './views/usage/usage';
import { Ombud } from './views/ombud/ombud';
import { Company } from './views/company/company';
import { Welcome } from './views/welcome';
import { Cases, CaseView } from './views/cases/cases';

function Page(props: { path: string }) {
  const { path } = props;
  if (path.startsWith('/cases/')) return <CaseView id={decodeURIComponent(path.slice('/cases/'.length))} />;
  if (path.startsWith('/credentials/'))
    return <CredentialDetail id={decodeURIComponent(path.slice('/credentials/'.length))} />;
  switch (path) {
    case '/holders':
      return <Holders />;
    case '/receive':
      return <Receive />;
    case '/present':
      return <Present />;
    case '/profile':
      return <Profile />;
    case '/standing-permissions':
      return <StandingPermissions />;
    case '/standing-permissions/share':
      return <ShareWithMany />;
    case '/log':
      return <Log />;
    case '/approvals':
      return <Approvals />;
    case '/cases':
      return <Cases />;
    case '/overview':
      return <OverviewPage />;
    case '/usage':
      return <Usage />;
    case '/ombud':
      return <Ombud />;
    case '/company':
      return <Company />;
    case '/account/close':
      return <CloseAccount />;
    case '/settings':
      return <Settings />;
    case '/credentials':
      return <Credentials />;
    case '/more':
      return <More />;
    default:
      return <Home />;
  }
}

function App() {
  const [session, setSession] = useState<Session | undefined>();
  const [path, setPath] = useState(currentPath());
  const [, setLangVersion] = useState(0);

  useEffect(() => {
    api
      .get<Session>('/api/session')
      .then((s) => {
        setCsrfToken(s.csrf_token);
        setKeyIdleSeconds(s.key_idle_seconds);
        setSession(s);
      })
      .catch(() => setSession({ signed_in: false }));
    const offNavigate = onNavigate(() => setPath(currentPath()));
    const offLang = onLangChange(() => setLangVersion((v) => v + 1));
    return () => {
      offNavigate();
      offLang();
    };
  }, []);

  useEffect(() => {
    document.title = `${t('appName')} – ${getLang() === 'sv' ? 'plånbok' : 'wallet'}`;
  });

  return (
    <Layout session={session} path={path}>
      {!session && <p aria-live="polite">{t('loading')}</p>}
      {session && !session.signed_in && <Welcome />}
      {session?.signed_in && <Page key={path + location.search} path={path} />}
    </Layout>
  );
}

document.documentElement.lang = getLang();
render(<App />, document.getElementById('app')!);
