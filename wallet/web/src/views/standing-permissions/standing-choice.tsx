import type { PresentationRequest } from '../../api';
import { pick } from '../../i18n';
import { fieldList } from './field-choices';
import { text } from './standing-texts';
import { ct, type CompanyTextKey } from '../company/company-texts';

/** The company profile's fields, labelled as on the company screen (a person's have no official mail). */
const companyFields = ['address', 'official_mail_address', 'emails', 'phones', 'preferred_language'];
const companyFieldLabel = (field: string) =>
  companyFields.includes(field) ? ct(`field_${field}` as CompanyTextKey) : field;

/**
 * On the consent screen, when the asker wants a standing permission: says so plainly and lets
 * the person choose between sharing once and sharing future changes too.
 */
export function StandingChoice(props: {
  request: PresentationRequest;
  standing: boolean;
  onChange: (standing: boolean) => void;
}) {
  const asked = props.request.standing_permission;
  if (!asked) return null;
  const who = pick(asked.consumer.name ?? undefined, asked.consumer.client_id);
  return (
    <section class="card" aria-labelledby="standing-heading">
      <h2 id="standing-heading">
        {who} {pick(text.standingAskedHeading)}
      </h2>
      <p>
        {pick(text.fields)}:{' '}
        {asked.company ? asked.fields.map((f) => companyFieldLabel(f)).join(', ') : fieldList(asked.fields)}
      </p>
      {asked.company && (
        <p class="standing-company">
          {pick(text.standingCompany).replace(
            '{company}',
            `${asked.company.name} (${asked.company.org_number})`,
          )}
        </p>
      )}
      <fieldset>
        <legend>{pick(text.standingLegend)}</legend>
        <ul class="plain claim-choices">
          <li>
            <input
              type="radio"
              id="standing-yes"
              name="standing"
              checked={props.standing}
              onChange={() => props.onChange(true)}
            />
            <label for="standing-yes">{pick(text.standingYes)}</label>
          </li>
          <li>
            <input
              type="radio"
              id="standing-no"
              name="standing"
              checked={!props.standing}
              onChange={() => props.onChange(false)}
            />
            <label for="standing-no">{pick(text.standingNo)}</label>
          </li>
        </ul>
      </fieldset>
      {/* What the choice means, as it stands now (the default is once). */}
      <p class="standing-outcome" aria-live="polite">
        {who} {pick(props.standing ? text.standingAsked : text.standingOnce)}.
      </p>
    </section>
  );
}
