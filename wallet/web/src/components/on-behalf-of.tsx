import type { PresentationRequest } from '../api';
import { pick } from '../i18n';
import { actingForTexts as text } from './acting-for';

/**
 * The consent screen's "on whose behalf" (issue #20): each party the data go for, and the
 * credential that proves the person may act for them.
 */
export function OnBehalfOf(props: { request: PresentationRequest }) {
  const parties = props.request.on_behalf_of ?? [];
  if (parties.length === 0) return null;
  return (
    <section class="card on-behalf-of" aria-labelledby="on-behalf-of">
      <h2 id="on-behalf-of">{pick(text.onBehalfOf)}</h2>
      <ul class="plain">
        {parties.map((party) => (
          <li key={party.id}>
            <strong>{party.name}</strong> ({pick(text[party.kind])})
            <br />
            <span class="hint">
              {pick(text.provenBy)}:{' '}
              {party.proven_by.map((p) => `${pick(p.name)} (${pick(p.issuer_name)})`).join(', ')}
            </span>
          </li>
        ))}
      </ul>
      {props.request.acting_for && <p class="hint">{pick(text.actingForHint)}</p>}
    </section>
  );
}
