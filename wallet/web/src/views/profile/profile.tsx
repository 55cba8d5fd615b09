import { useEffect, useState } from 'preact/hooks';
import { api, ApiFailure } from '../../api';
import { ErrorMessage } from '../../components/error-message';
import { formatDateTime, pick, t } from '../../i18n';
import { AddressFields } from './address-fields';
import { ChannelOrder } from './channel-order';
import { EntryList } from './entry-list';
import './profile.css';
import { pt, type ProfileTextKey } from './profile-texts';
import { formFrom, matters, updateBody, type ProfileForm, type ProfileView } from './profile-types';

const languages: Array<{ tag: string; name: string }> = [
  { tag: 'sv', name: 'Svenska' },
  { tag: 'en', name: 'English' },
];

/** "Kontaktuppgifter": the person's contact profile, shared with bodies they choose. */
/** Entries that were verified and, changed in this save, are not any more (said, not silent). */
function noLongerVerified(before: ProfileView, after: ProfileView): string[] {
  const wasVerified = new Set(
    [...before.profile.emails, ...before.profile.phones].filter((e) => e.verified).map((e) => e.id),
  );
  return [
    ...after.profile.emails.map((e) => ({ ...e, value: e.address })),
    ...after.profile.phones.map((p) => ({ ...p, value: p.number })),
  ]
    .filter((e) => !e.verified && wasVerified.has(e.id))
    .map((e) => e.value);
}

export function Profile() {
  const [view, setView] = useState<ProfileView | undefined>();
  const [form, setForm] = useState<ProfileForm | undefined>();
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const show = (next: ProfileView, text = '') => {
    setView(next);
    setForm(formFrom(next));
    setError(undefined);
    setMessage(text);
    // The outcome is announced and takes focus, so the next step starts from there.
    if (text) requestAnimationFrame(() => document.getElementById('profile-message')?.focus());
  };
  /** A code was confirmed: the new version, keeping what the person is editing. */
  const verified = (next: ProfileView, text: string) => {
    setView(next);
    setError(undefined);
    setMessage(text);
    requestAnimationFrame(() => document.getElementById('profile-message')?.focus());
  };
  const failed = (e: unknown) => {
    setError(e);
    requestAnimationFrame(() => document.getElementById('profile-error')?.focus());
  };
  const load = (text = '') =>
    api
      .get<ProfileView>('/api/profile')
      .then((v) => show(v, text))
      .catch(setError);
  useEffect(() => void load(), []);

  const save = async (adopt = false) => {
    if (!view || !form) return;
    setBusy(true);
    try {
      const suggested = adopt ? view.address_suggestion : null;
      const address = suggested
        ? {
            street_address: suggested.street_address,
            postal_code: suggested.postal_code,
            locality: suggested.locality,
            country: suggested.country,
          }
        : form.address;
      const next = await api.put<ProfileView>(
        '/api/profile',
        updateBody({ ...form, address }, view.profile_version, adopt ? 'skatteverket' : undefined),
      );
      const lost = noLongerVerified(view, next);
      const text = adopt
        ? pt('adopted', { holder: pick(view.address_source_name ?? undefined, 'Skatteverket') })
        : next.changed?.length
          ? [pt('saved'), ...(lost.length ? [pt('noLongerVerified', { list: lost.join(', ') })] : [])].join(
              ' ',
            )
          : pt('unchanged');
      show(next, text);
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409) await load(pt('conflict'));
      else failed(e);
    } finally {
      setBusy(false);
    }
  };

  if (!view || !form) {
    return (
      <section>
        <h1 tabIndex={-1}>{pt('title')}</h1>
        <ErrorMessage error={error} />
        {!error && <p aria-live="polite">{t('loading')}</p>}
      </section>
    );
  }

  const update = (patch: Partial<ProfileForm>) => setForm({ ...form, ...patch });
  const matterName = (m: string) => pt(`matter_${m}` as ProfileTextKey);

  return (
    <section class="profile">
      <h1 tabIndex={-1}>{pt('title')}</h1>
      <p>{pt('intro')}</p>
      <p class="hint">
        {view.updated_at ? pt('lastSaved', { at: formatDateTime(view.updated_at) }) : pt('notSavedYet')}
      </p>
      {view.updated_at && (
        <details class="technical">
          <summary>{pt('technical')}</summary>
          <p>{pt('version', { n: view.profile_version })}</p>
        </details>
      )}
      <p
        id="profile-message"
        class={message ? 'alert alert-success' : 'visually-hidden'}
        role="status"
        tabIndex={-1}
      >
        {message}
      </p>
      <div id="profile-error" tabIndex={-1}>
        <ErrorMessage error={error} />
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <AddressFields
          value={form.address}
          view={view}
          busy={busy}
          onChange={(address) => update({ address })}
          onAdopt={() => void save(true)}
        />
        <EntryList
          kind="emails"
          entries={form.emails}
          view={view}
          onChange={(emails) => update({ emails })}
          onVerified={verified}
          onError={failed}
        />
        <EntryList
          kind="phones"
          entries={form.phones}
          view={view}
          onChange={(phones) => update({ phones })}
          onVerified={verified}
          onError={failed}
        />
        <fieldset class="profile-section">
          <legend>{pt('languageLegend')}</legend>
          <div class="form">
            <label for="preferred-language">{pt('languageLabel')}</label>
            <select
              id="preferred-language"
              value={form.preferred_language}
              onChange={(e) => update({ preferred_language: (e.target as HTMLSelectElement).value })}
            >
              <option value="">{pt('languageNone')}</option>
              {languages.map((l) => (
                <option key={l.tag} value={l.tag} lang={l.tag}>
                  {l.name}
                </option>
              ))}
              {form.preferred_language && !languages.some((l) => l.tag === form.preferred_language) && (
                <option value={form.preferred_language}>{form.preferred_language}</option>
              )}
            </select>
          </div>
        </fieldset>
        <fieldset class="profile-section">
          <legend>{pt('prefsLegend')}</legend>
          <p class="hint">{pt('prefsHint')}</p>
          <fieldset>
            <legend class="sub-legend">{pt('prefsDefault')}</legend>
            <ChannelOrder
              idPrefix="pref-default"
              value={form.default}
              onChange={(d) => update({ default: d })}
            />
          </fieldset>
          <h3>{pt('mattersLegend')}</h3>
          {matters.map((matter) => {
            const own = form.by_matter[matter];
            const setOwn = (next: typeof own) => {
              const by = { ...form.by_matter };
              if (next) by[matter] = next;
              else delete by[matter];
              update({ by_matter: by });
            };
            return (
              <fieldset key={matter} class="matter">
                <legend class="visually-hidden">{pt('matterOwn', { matter: matterName(matter) })}</legend>
                <div class="check-row">
                  <input
                    type="checkbox"
                    id={`matter-${matter}`}
                    checked={own !== undefined}
                    onChange={(e) =>
                      setOwn((e.target as HTMLInputElement).checked ? [...form.default] : undefined)
                    }
                  />
                  <label for={`matter-${matter}`}>{pt('matterOwn', { matter: matterName(matter) })}</label>
                </div>
                {own && <ChannelOrder idPrefix={`pref-${matter}`} value={own} onChange={setOwn} />}
              </fieldset>
            );
          })}
        </fieldset>
        <div class="button-row">
          <button type="submit" class="button button-primary" disabled={busy}>
            {pt('save')}
          </button>
        </div>
      </form>
    </section>
  );
}
