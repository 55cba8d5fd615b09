import { useEffect, useState } from 'preact/hooks';
import { api, ApiFailure, type RepresentedParty } from '../../api';
import { ErrorMessage } from '../../components/error-message';
import { Link } from '../../components/link';
import { pick } from '../../i18n';
import { onNavigate } from '../../router';
import { CompanyProfileForm } from './company-profile-form';
import { CompanyPermissionList, CompanyShareForm } from './company-sharing';
import { ct } from './company-texts';
import type { CompanyConsumer, CompanyPermission, CompanyProfile, CompanyProfileView } from './company-types';
import './company.css';

const orgOf = (party: RepresentedParty) => party.identifier.value;

/** The companies the person's signatory credentials name, to choose one (from "Mer"). */
function CompanyChoice() {
  const [companies, setCompanies] = useState<RepresentedParty[] | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api
      .get<{ parties: RepresentedParty[] }>('/api/representation')
      .then((r) => setCompanies(r.parties.filter((p) => p.kind === 'company')))
      .catch((e: unknown) => setError(e));
  }, []);
  return (
    <section class="company-page">
      <h1 tabIndex={-1}>{ct('title')}</h1>
      <p>{ct('intro')}</p>
      <ErrorMessage error={error} focus />
      {companies?.length === 0 && <p>{ct('noCompanies')}</p>}
      {companies && companies.length > 0 && (
        <section aria-labelledby="company-choose">
          <h2 id="company-choose">{ct('chooseCompany')}</h2>
          <ul class="plain more-links">
            {companies.map((c) => (
              <li key={c.id}>
                <Link to={`/company?org=${encodeURIComponent(orgOf(c))}`}>
                  {c.name} ({orgOf(c)})
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

/**
 * One company's contact details and standing permissions, for a current signatory: view and
 * change the details, share them with bodies, withdraw a permission. The wallet checks the
 * signatory credential at every request; a former signatory sees why they cannot.
 */
function CompanyProfilePage(props: { org: string }) {
  const base = `/api/companies/${encodeURIComponent(props.org)}`;
  const [view, setView] = useState<CompanyProfileView | undefined>();
  const [permissions, setPermissions] = useState<CompanyPermission[]>([]);
  const [consumers, setConsumers] = useState<CompanyConsumer[]>([]);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<{ kind: 'success' | 'error' | 'warning'; text: string } | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const [formKey, setFormKey] = useState(0);
  const denied = error instanceof ApiFailure && error.status === 403;

  const load = async () => {
    try {
      const [profile, sharing] = await Promise.all([
        api.get<CompanyProfileView>(`${base}/profile`),
        api.get<{ consumers: CompanyConsumer[]; permissions: CompanyPermission[] }>(
          `${base}/standing-permissions`,
        ),
      ]);
      setView(profile);
      setPermissions(sharing.permissions);
      setConsumers(sharing.consumers);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), [props.org]);

  /** Runs one change; a refusal is said in words, a lost signatory right as such. */
  const change = async (key: string, run: () => Promise<string>) => {
    setBusy(key);
    setNotice(undefined);
    try {
      setNotice({ kind: 'success', text: await run() });
      await load();
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409 && key === 'save') {
        setNotice({ kind: 'warning', text: ct('moved') });
        await load();
        setFormKey((n) => n + 1);
      } else if (e instanceof ApiFailure && e.status === 409) {
        setNotice({ kind: 'error', text: ct('saveFirst') });
      } else if (e instanceof ApiFailure && e.body.error === 'invalid_request') {
        setNotice({ kind: 'error', text: ct('invalid', { reason: e.body.error_description ?? '' }) });
      } else setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const save = (profile: CompanyProfile) =>
    void change('save', async () => {
      const saved = await api.put<CompanyProfileView>(`${base}/profile`, {
        profile_version: view?.profile_version ?? 0,
        ...profile,
      });
      return ct('saved', { version: saved.profile_version });
    });
  const share = (chosen: string[], fields: string[]) =>
    void change('share', async () => {
      await api.post(`${base}/standing-permissions`, { consumers: chosen, fields });
      const names = consumers.filter((c) => chosen.includes(c.id)).map((c) => pick(c.name));
      return ct('sharedDone', { names: names.join(', ') });
    });
  const withdraw = (p: CompanyPermission) =>
    void change(p.id, async () => {
      await api.post(`${base}/standing-permissions/${encodeURIComponent(p.id)}/withdraw`);
      return ct('withdrawnDone', { name: p.consumer.name ? pick(p.consumer.name) : p.consumer.client_id });
    });

  return (
    <section class="company-page">
      <h1 tabIndex={-1}>{view ? view.company_name : ct('title')}</h1>
      {view && (
        <p class="hint">
          {ct('title')} · {view.org_number}
        </p>
      )}
      {denied ? (
        <p class="alert alert-error" role="alert">
          {ct('notSignatory')}
        </p>
      ) : (
        <ErrorMessage error={error} focus />
      )}
      {notice && (
        <p class={`alert alert-${notice.kind}`} role={notice.kind === 'success' ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
      {view && !denied && (
        <>
          <CompanyProfileForm key={formKey} profile={view.profile} busy={busy === 'save'} onSave={save} />
          <section aria-labelledby="company-sharing" class="company-sharing">
            <h2 id="company-sharing">{ct('sharingHeading')}</h2>
            <p class="hint">{ct('keyNote')}</p>
            <CompanyPermissionList permissions={permissions} busy={busy} onWithdraw={withdraw} />
            <CompanyShareForm
              consumers={consumers.filter(
                (c) =>
                  !permissions.some((p) => p.status === 'active' && p.consumer.client_id === c.client_id),
              )}
              busy={busy === 'share'}
              onShare={share}
            />
          </section>
        </>
      )}
    </section>
  );
}

/** `/company`: the choice of company, or `?org=` one company's details and permissions. */
export function Company() {
  const orgNow = () => new URLSearchParams(location.search).get('org');
  const [org, setOrg] = useState(orgNow());
  // Choosing a company stays on /company: only the query changes.
  useEffect(() => onNavigate(() => setOrg(orgNow())), []);
  return org ? <CompanyProfilePage key={org} org={org} /> : <CompanyChoice />;
}
