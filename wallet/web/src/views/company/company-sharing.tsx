import { useState } from 'preact/hooks';
import { pick } from '../../i18n';
import { ct, type CompanyTextKey } from './company-texts';
import { companyFields, type CompanyConsumer, type CompanyPermission } from './company-types';

const fieldName = (f: string) => ct(`field_${f}` as CompanyTextKey);

/** The company's standing permissions: who gets which details, and withdrawing one at once. */
export function CompanyPermissionList(props: {
  permissions: CompanyPermission[];
  busy: string | undefined;
  onWithdraw: (p: CompanyPermission) => void;
}) {
  if (props.permissions.length === 0) return <p>{ct('noPermissions')}</p>;
  return (
    <ul class="plain company-permissions">
      {props.permissions.map((p) => (
        <li key={p.id} class="card">
          <h3>{p.consumer.name ? pick(p.consumer.name) : p.consumer.client_id}</h3>
          <p>{p.fields.map(fieldName).join(', ')}</p>
          <p class="hint">
            {ct('since', { date: p.since.slice(0, 10) })}
            {p.last_delivered_version !== null && (
              <> · {ct('lastDelivered', { version: p.last_delivered_version })}</>
            )}
            {p.pending_deliveries > 0 && <> · {ct('pending', { count: p.pending_deliveries })}</>}
          </p>
          {p.status === 'active' ? (
            <button
              type="button"
              class="button"
              disabled={props.busy === p.id}
              onClick={() => props.onWithdraw(p)}
            >
              {ct('withdraw')}
              <span class="visually-hidden"> {p.consumer.name ? pick(p.consumer.name) : ''}</span>
            </button>
          ) : (
            <p>
              <strong>{ct('withdrawn')}</strong>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Share the company's details with more bodies from the trust list: which bodies, which details. */
export function CompanyShareForm(props: {
  consumers: CompanyConsumer[];
  busy: boolean;
  onShare: (consumers: string[], fields: string[]) => void;
}) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [fields, setFields] = useState<string[]>([...companyFields]);
  const toggle = (list: string[], set: (v: string[]) => void, value: string) => () =>
    set(list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  if (props.consumers.length === 0) return null;
  return (
    <form
      class="form company-share"
      aria-labelledby="company-share-heading"
      onSubmit={(e) => {
        e.preventDefault();
        props.onShare(chosen, fields);
      }}
    >
      <h3 id="company-share-heading">{ct('shareHeading')}</h3>
      <p class="hint">{ct('shareHint')}</p>
      <fieldset>
        <legend>{ct('bodies')}</legend>
        {props.consumers.map((c) => (
          <label class="choice" key={c.id}>
            <input
              type="checkbox"
              checked={chosen.includes(c.id)}
              onChange={toggle(chosen, setChosen, c.id)}
            />{' '}
            {pick(c.name)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{ct('fields')}</legend>
        {companyFields.map((f) => (
          <label class="choice" key={f}>
            <input type="checkbox" checked={fields.includes(f)} onChange={toggle(fields, setFields, f)} />{' '}
            {fieldName(f)}
          </label>
        ))}
      </fieldset>
      <div class="button-row">
        <button
          type="submit"
          class="button button-primary"
          disabled={props.busy || chosen.length === 0 || fields.length === 0}
        >
          {ct('share')}
        </button>
      </div>
    </form>
  );
}
