import { useEffect, useState } from 'preact/hooks';
import { useFocusWhen } from '../../components/focus-on-mount';
import { api, ApiFailure, type StandingConsumer } from '../../api';
import { ErrorMessage } from '../../components/error-message';
import { Link } from '../../components/link';
import { pick } from '../../i18n';
import { FieldChoices, fieldList } from './field-choices';
import { profileFields, text } from './standing-texts';

/** "Dela med flera": the profile to several recipients at once, each a standing permission. */
export function ShareWithMany() {
  const [consumers, setConsumers] = useState<StandingConsumer[] | undefined>();
  const [chosen, setChosen] = useState<string[]>([]);
  const [fields, setFields] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [identityNeeded, setIdentityNeeded] = useState(false);
  const identityRef = useFocusWhen(identityNeeded);

  useEffect(() => {
    api
      .get<{ consumers: StandingConsumer[] }>('/api/standing-permissions/consumers')
      .then((r) => setConsumers(r.consumers))
      .catch(setError);
  }, []);

  const toggle = (id: string) =>
    setChosen(chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setIdentityNeeded(false);
    try {
      await api.post('/api/standing-permissions', { consumers: chosen, fields });
      setDone(true);
    } catch (e) {
      if (e instanceof ApiFailure && e.body.error === 'identity_credential_required') setIdentityNeeded(true);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>{pick(text.shareMany)}</h1>
      <p>{pick(text.shareIntro)}</p>
      <ErrorMessage error={error} />
      {identityNeeded && (
        <div class="alert alert-error" role="alert" tabIndex={-1} ref={identityRef}>
          <p>
            <strong>{pick(text.identityNeeded)}</strong> {pick(text.identityNeededWhy)}
          </p>
          <Link to="/holders#holder-skatteverket">{pick(text.identityFetch)}</Link>
        </div>
      )}
      {done ? (
        <div class="alert alert-success" role="status">
          <p>{pick(text.shared)}</p>
          <Link to="/standing-permissions">{pick(text.back)}</Link>
        </div>
      ) : (
        <form class="form" onSubmit={submit}>
          <fieldset>
            <legend>{pick(text.recipients)}</legend>
            {consumers?.length === 0 && <p>{pick(text.noRecipients)}</p>}
            <ul class="plain claim-choices">
              {consumers?.map((c) => {
                const id = `consumer-${c.id}`;
                return (
                  <li key={c.id}>
                    <input
                      type="checkbox"
                      id={id}
                      checked={chosen.includes(c.id)}
                      onChange={() => toggle(c.id)}
                      aria-describedby={`${id}-fields`}
                    />
                    <div>
                      <label for={id}>{pick(c.name, c.id)}</label>
                      <p class="hint" id={`${id}-fields`}>
                        {pick(text.registeredFor)}: {fieldList(c.fields)}
                        {c.purposes.length > 0 && ` (${c.purposes.map((p) => pick(p)).join('; ')})`}
                      </p>
                    </div>
                  </li>
                );
              })}
            </ul>
          </fieldset>
          <FieldChoices
            idPrefix="share-fields"
            legend={pick(text.fields)}
            available={profileFields}
            chosen={fields}
            onChange={setFields}
          />
          <div class="button-row">
            <button
              type="submit"
              class="button button-primary"
              disabled={busy || chosen.length === 0 || fields.length === 0}
            >
              {pick(text.shareButton)}
            </button>
            <Link to="/standing-permissions" class="button">
              {pick(text.cancel)}
            </Link>
          </div>
        </form>
      )}
    </section>
  );
}
