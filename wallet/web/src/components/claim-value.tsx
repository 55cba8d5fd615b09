import { t } from '../i18n';

/** Parts of a contact-profile entry that are the wallet's proof, never shown (docs/contact-profile.md). */
const proofKeys = new Set(['verified', 'verified_at', 'verification']);

/** An e-mail address or phone number of the contact profile, with whether it was verified. */
function ProfileEntry(props: { value: string; verified: boolean }) {
  return (
    <span>
      {props.value}{' '}
      <span class={props.verified ? 'verified-mark' : 'unverified-mark'}>
        {props.verified ? t('verifiedValue') : `(${t('unverifiedValue')})`}
      </span>
    </span>
  );
}

/** Renders a claim value readably: objects as nested lists, arrays of objects as tables of rows. */
export function ClaimValue(props: { value: unknown }) {
  const { value } = props;
  if (value === null || value === undefined) return <span>–</span>;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return <span>{value.join(', ')}</span>;
    return (
      <ul class="plain">
        {value.map((v, i) => (
          <li key={i}>
            <ClaimValue value={v} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object') {
    const entry = value as Record<string, unknown>;
    const shown = entry.address ?? entry.number;
    if (typeof shown === 'string') return <ProfileEntry value={shown} verified={entry.verified === true} />;
    return (
      <span>
        {Object.entries(entry)
          .filter(([key]) => !proofKeys.has(key))
          .map(([, v]) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
          .join(', ')}
      </span>
    );
  }
  return <span>{String(value)}</span>;
}
