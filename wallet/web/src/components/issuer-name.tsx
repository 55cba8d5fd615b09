import type { Localized } from '../api';
import { pick, t } from '../i18n';

/**
 * An issuer (or other party) by the trust list's name; one not on the trust list is shown by its
 * address with a visible marking, so it cannot pass for a public body.
 */
export function IssuerName(props: { name?: Localized | null; fallback: string; trusted?: boolean | null }) {
  return (
    <>
      {pick(props.name ?? undefined, props.fallback)}
      {props.trusted === false && (
        <>
          {' '}
          <span class="badge badge-untrusted" data-trust="untrusted">
            {t('notInTrustList')}
          </span>
        </>
      )}
    </>
  );
}
