import { pt, type ProfileTextKey } from './profile-texts';
import { newKey, toE164, type ProfileForm, type ProfileView } from './profile-types';
import { VerifyEntry } from './verify-entry';

type Entry = ProfileForm['emails'][number];

/**
 * E-mail addresses or phone numbers: edit, add, remove, and verify the saved ones. Focus goes to
 * a new field when added and to the add button when one is removed.
 */
export function EntryList(props: {
  kind: 'emails' | 'phones';
  entries: Entry[];
  view: ProfileView;
  onChange: (next: Entry[]) => void;
  onVerified: (view: ProfileView, message: string) => void;
  onError: (error: unknown) => void;
}) {
  const { kind, entries, view } = props;
  const email = kind === 'emails';
  const labelKey: ProfileTextKey = email ? 'emailLabel' : 'phoneLabel';
  const addId = `add-${kind}`;
  const saved = (entry: Entry) => {
    if (!entry.id) return undefined;
    if (email) {
      const found = view.profile.emails.find((e) => e.id === entry.id);
      return found && found.address === entry.value.trim() ? { found, value: found.address } : undefined;
    }
    const found = view.profile.phones.find((p) => p.id === entry.id);
    return found && found.number === toE164(entry.value) ? { found, value: found.number } : undefined;
  };

  const inputProps = (entry: Entry, id: string) => ({
    id,
    autoComplete: email ? 'email' : 'tel',
    maxLength: email ? 254 : 30,
    value: entry.value,
    'aria-describedby': email ? undefined : 'phone-hint',
    onInput: (e: Event) =>
      props.onChange(
        entries.map((x) => (x.key === entry.key ? { ...x, value: (e.target as HTMLInputElement).value } : x)),
      ),
  });

  const add = () => {
    const entry = { key: newKey(), value: '' };
    props.onChange([...entries, entry]);
    requestAnimationFrame(() => document.getElementById(`${kind}-${entry.key}`)?.focus());
  };
  const remove = (key: string) => {
    props.onChange(entries.filter((e) => e.key !== key));
    requestAnimationFrame(() => document.getElementById(addId)?.focus());
  };

  return (
    <fieldset class="profile-section">
      <legend>{pt(email ? 'emailsLegend' : 'phonesLegend')}</legend>
      {!email && (
        <p class="hint" id="phone-hint">
          {pt('phoneHint')}
        </p>
      )}
      <ul class="plain entries">
        {entries.map((entry, index) => {
          const id = `${kind}-${entry.key}`;
          const label = pt(labelKey, { n: index + 1 });
          const stored = saved(entry);
          return (
            <li key={entry.key} class="entry">
              <label for={id}>{label}</label>
              <div class="entry-row">
                {email ? (
                  <input type="email" {...inputProps(entry, id)} />
                ) : (
                  <input type="tel" {...inputProps(entry, id)} />
                )}
                <button type="button" class="button-small button-danger" onClick={() => remove(entry.key)}>
                  {pt('remove')} <span class="visually-hidden">{label}</span>
                </button>
              </div>
              {stored ? (
                <VerifyEntry
                  key={stored.found.id}
                  kind={kind}
                  entry={stored.found}
                  value={stored.value}
                  view={view}
                  onVerified={props.onVerified}
                  onError={props.onError}
                />
              ) : (
                entry.value.trim() && <p class="hint">{pt('saveToVerify')}</p>
              )}
            </li>
          );
        })}
      </ul>
      {entries.length < 5 && (
        <button type="button" class="button-small" id={addId} onClick={add}>
          {pt(email ? 'addEmail' : 'addPhone')}
        </button>
      )}
    </fieldset>
  );
}
