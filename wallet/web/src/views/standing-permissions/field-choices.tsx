import { pick } from '../../i18n';
import { fieldLabels } from './standing-texts';

/** Checkboxes for contact-profile fields, in one fieldset with a visible legend. */
export function FieldChoices(props: {
  idPrefix: string;
  legend: string;
  hint?: string;
  available: string[];
  chosen: string[];
  onChange: (fields: string[]) => void;
}) {
  const toggle = (field: string) =>
    props.onChange(
      props.chosen.includes(field) ? props.chosen.filter((f) => f !== field) : [...props.chosen, field],
    );
  return (
    <fieldset aria-describedby={props.hint ? `${props.idPrefix}-hint` : undefined}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="hint" id={`${props.idPrefix}-hint`}>
          {props.hint}
        </p>
      )}
      <ul class="plain claim-choices">
        {props.available.map((field) => {
          const id = `${props.idPrefix}-${field}`;
          return (
            <li key={field}>
              <input
                type="checkbox"
                id={id}
                checked={props.chosen.includes(field)}
                onChange={() => toggle(field)}
              />
              <label for={id}>{pick(fieldLabels[field], field)}</label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

export const fieldList = (fields: string[]) => fields.map((f) => pick(fieldLabels[f], f)).join(', ');
