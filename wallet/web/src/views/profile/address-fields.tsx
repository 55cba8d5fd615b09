import { pick } from '../../i18n';
import { pt } from './profile-texts';
import { sameAddress, type Address, type ProfileView } from './profile-types';

type Fields = Omit<Address, 'source'>;

/** The address fieldset, with Skatteverket's registered address on offer when the person holds it. */
export function AddressFields(props: {
  value: Fields;
  view: ProfileView;
  busy: boolean;
  onChange: (next: Fields) => void;
  onAdopt: () => void;
}) {
  const { value, view } = props;
  const saved = view.profile.address;
  const suggestion = view.address_suggestion;
  const markShown = saved?.source === 'skatteverket' && sameAddress(saved, value);
  const editedAway = saved?.source === 'skatteverket' && !sameAddress(saved, value);
  const offer = suggestion && !(markShown && sameAddress(suggestion, value));
  const holder = { holder: pick(view.address_source_name ?? undefined, 'Skatteverket') };
  const field = (name: keyof Fields, label: string, extra: Record<string, unknown> = {}) => (
    <>
      <label for={`address-${name}`}>{label}</label>
      <input
        id={`address-${name}`}
        value={value[name]}
        onInput={(e) => props.onChange({ ...value, [name]: (e.target as HTMLInputElement).value })}
        {...extra}
      />
    </>
  );

  return (
    <fieldset class="profile-section">
      <legend>{pt('addressLegend')}</legend>
      {markShown && (
        <p class="badge badge-valid source-mark" id="address-source">
          ✓ {pt('fromSkatteverket', holder)}
        </p>
      )}
      {editedAway && (
        <p class="hint" role="status">
          {pt('addressEdited')}
        </p>
      )}
      {offer && (
        <div class="suggestion">
          <p>
            {pt('suggestionText', holder)}{' '}
            <strong>
              {suggestion.street_address}, {suggestion.postal_code} {suggestion.locality}
            </strong>
          </p>
          <button type="button" class="button" disabled={props.busy} onClick={props.onAdopt}>
            {pt('adopt', holder)}
          </button>
        </div>
      )}
      <div class="form">
        {field('street_address', pt('street'), { autoComplete: 'street-address', maxLength: 200 })}
        {field('postal_code', pt('postalCode'), { autoComplete: 'postal-code', maxLength: 20 })}
        {field('locality', pt('locality'), { autoComplete: 'address-level2', maxLength: 100 })}
        {field('country', pt('country'), {
          autoComplete: 'country',
          maxLength: 2,
          'aria-describedby': 'address-country-hint',
        })}
        <p class="hint" id="address-country-hint">
          {pt('countryHint')}
        </p>
      </div>
    </fieldset>
  );
}
