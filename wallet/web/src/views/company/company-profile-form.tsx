import { useState } from 'preact/hooks';
import { ct, type CompanyTextKey } from './company-texts';
import type { CompanyAddress, CompanyProfile } from './company-types';

interface AddressInput {
  street: string;
  postal: string;
  locality: string;
}

const fromAddress = (a: CompanyAddress | null | undefined): AddressInput => ({
  street: a?.street_address ?? '',
  postal: a?.postal_code ?? '',
  locality: a?.locality ?? '',
});
/** An address left wholly empty is no address; the API refuses a partial one and says which. */
const toAddress = (a: AddressInput): CompanyAddress | null =>
  a.street || a.postal || a.locality
    ? {
        street_address: a.street.trim(),
        postal_code: a.postal.trim(),
        locality: a.locality.trim(),
        country: 'SE',
      }
    : null;

function AddressFields(props: {
  id: string;
  legend: CompanyTextKey;
  value: AddressInput;
  onChange: (value: AddressInput) => void;
}) {
  const set = (key: keyof AddressInput) => (e: Event) =>
    props.onChange({ ...props.value, [key]: (e.currentTarget as HTMLInputElement).value });
  return (
    <fieldset>
      <legend>{ct(props.legend)}</legend>
      <label for={`${props.id}-street`}>{ct('street')}</label>
      <input
        id={`${props.id}-street`}
        autoComplete="street-address"
        value={props.value.street}
        onInput={set('street')}
      />
      <label for={`${props.id}-postal`}>{ct('postalCode')}</label>
      <input
        id={`${props.id}-postal`}
        autoComplete="postal-code"
        value={props.value.postal}
        onInput={set('postal')}
      />
      <label for={`${props.id}-locality`}>{ct('locality')}</label>
      <input id={`${props.id}-locality`} value={props.value.locality} onInput={set('locality')} />
    </fieldset>
  );
}

/**
 * The company's contact details as one form: visiting address, address for official mail, the
 * first e-mail address and phone number (others are kept as they are), and the language.
 */
export function CompanyProfileForm(props: {
  profile: CompanyProfile | null;
  busy: boolean;
  onSave: (profile: CompanyProfile) => void;
}) {
  const p = props.profile;
  const [address, setAddress] = useState(fromAddress(p?.address));
  const [official, setOfficial] = useState(fromAddress(p?.official_mail_address));
  const [email, setEmail] = useState(p?.emails[0]?.address ?? '');
  const [phone, setPhone] = useState(p?.phones[0]?.number ?? '');
  const [language, setLanguage] = useState(p?.preferred_language ?? 'sv');
  const value = (set: (v: string) => void) => (e: Event) =>
    set((e.currentTarget as HTMLInputElement | HTMLSelectElement).value);

  const submit = (e: Event) => {
    e.preventDefault();
    const phoneNumber = phone.replace(/[\s-]/g, '');
    props.onSave({
      address: toAddress(address),
      official_mail_address: toAddress(official),
      emails: [...(email.trim() ? [{ address: email.trim() }] : []), ...(p?.emails.slice(1) ?? [])],
      phones: [...(phoneNumber ? [{ number: phoneNumber }] : []), ...(p?.phones.slice(1) ?? [])],
      preferred_language: language || null,
    });
  };

  return (
    <form class="form company-form" onSubmit={submit} aria-labelledby="company-profile-heading">
      <h2 id="company-profile-heading">{ct('profileHeading')}</h2>
      <AddressFields id="company-address" legend="address" value={address} onChange={setAddress} />
      <AddressFields id="company-official" legend="officialMail" value={official} onChange={setOfficial} />
      <label for="company-email">{ct('email')}</label>
      <input id="company-email" type="email" autoComplete="email" value={email} onInput={value(setEmail)} />
      <label for="company-phone">{ct('phone')}</label>
      <input
        id="company-phone"
        type="tel"
        autoComplete="tel"
        aria-describedby="company-phone-hint"
        value={phone}
        onInput={value(setPhone)}
      />
      <p class="hint" id="company-phone-hint">
        {ct('phoneHint')}
      </p>
      <label for="company-language">{ct('language')}</label>
      <select id="company-language" value={language} onChange={value(setLanguage)}>
        <option value="sv">{ct('languageSv')}</option>
        <option value="en">{ct('languageEn')}</option>
      </select>
      <div class="button-row">
        <button type="submit" class="button button-primary" disabled={props.busy}>
          {ct('save')}
        </button>
      </div>
    </form>
  );
}
