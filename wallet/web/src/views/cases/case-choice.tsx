import type { PresentationRequest } from '../../api';
import { pick } from '../../i18n';
import { text } from './case-texts';

/**
 * On the consent screen, when the asker wants to open a case: says so plainly, and lets the
 * person take the news about the case or only share (docs/cases.md "Consent").
 */
export function CaseChoice(props: {
  request: PresentationRequest;
  accept: boolean;
  onChange: (accept: boolean) => void;
}) {
  const asked = props.request.case;
  if (!asked) return null;
  const who = pick(asked.consumer.name ?? undefined, asked.consumer.client_id);
  return (
    <section class="card case-ask" aria-labelledby="case-heading">
      <h2 id="case-heading">
        {who} {pick(text.askHeading)} ”{asked.title}”
      </h2>
      <p>
        {pick(text.reference)}: {asked.reference}
      </p>
      <fieldset>
        <legend>{pick(text.askLegend)}</legend>
        <ul class="plain claim-choices">
          <li>
            <input
              type="radio"
              id="case-yes"
              name="case"
              checked={props.accept}
              onChange={() => props.onChange(true)}
            />
            <label for="case-yes">{pick(text.askYes)}</label>
          </li>
          <li>
            <input
              type="radio"
              id="case-no"
              name="case"
              checked={!props.accept}
              onChange={() => props.onChange(false)}
            />
            <label for="case-no">{pick(text.askNo)}</label>
          </li>
        </ul>
      </fieldset>
      <p class="hint">{pick(text.askStoppable)}</p>
    </section>
  );
}
