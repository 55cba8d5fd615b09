import { useEffect, useState } from 'preact/hooks';
import { api, ApiFailure } from '../../api';
import { ErrorMessage } from '../../components/error-message';
import { takeFetchOutcome } from '../../components/fetch-outcome';
import { getLang } from '../../i18n';
import { GiveMandateForm, type GiveMandate } from './give-mandate-form';
import { GrantList } from './grant-list';
import { ot } from './ombud-texts';
import { partyName, type MandateGrant, type OmbudState } from './ombud-types';
import './ombud.css';

/** Mina ombud's refusal of a grant, put in words for the person (never the API's own text). */
function refusalText(error: ApiFailure): string {
  const d = error.body.error_description ?? '';
  const reason = /agent is the principal/.test(d)
    ? ot('reasonSelf')
    : /agent is not in the population register|identity or coordination number/.test(d)
      ? ot('reasonUnknownAgent')
      : /valid_|date/.test(d)
        ? ot('reasonDates')
        : ot('reasonOther');
  return ot('refused', { reason });
}

const isSignInNeeded = (e: unknown) => e instanceof ApiFailure && e.status === 409 && e.body.sign_in === true;

/**
 * "Mina ombud": sign in at Mina ombud, give a power of attorney, see those given and received,
 * revoke one at once. Every change goes to Mina ombud with the person's own sign-in there.
 */
export function Ombud() {
  const [state, setState] = useState<OmbudState | undefined>();
  const [error, setError] = useState<unknown>(() => {
    const outcome = takeFetchOutcome();
    return outcome && new ApiFailure(400, { ...outcome });
  });
  const [refusal, setRefusal] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const cancelled =
    error instanceof ApiFailure && error.body.error === 'access_denied' && error.status === 400;

  const load = () =>
    api
      .get<OmbudState>('/api/ombud')
      .then(setState)
      .catch((e: unknown) => setError(e));
  useEffect(() => void load(), []);

  const signIn = async () => {
    try {
      const started = await api.post<{ authorization_url: string }>('/api/ombud/sign-in', {
        return_to: '/ombud',
      });
      location.assign(started.authorization_url);
    } catch (e) {
      setError(e);
    }
  };
  const signOut = async () => {
    await api.delete('/api/ombud/sign-in').catch((e: unknown) => setError(e));
    setDone(undefined);
    await load();
  };

  /** A change failed: a lapsed sign-in shows the sign-in again; a refusal is said in words. */
  const failed = async (e: unknown) => {
    if (isSignInNeeded(e)) {
      setError(undefined);
      setRefusal(ot('lapsed'));
      await load();
    } else if (e instanceof ApiFailure && e.body.error === 'invalid_request') setRefusal(refusalText(e));
    else setError(e);
  };

  const give = async (grant: GiveMandate) => {
    setBusy('give');
    setRefusal(undefined);
    setDone(undefined);
    try {
      const given = await api.post<MandateGrant>('/api/ombud/mandates', grant);
      setDone(ot('given', { name: partyName(given.agent) }));
      await load();
    } catch (e) {
      await failed(e);
    } finally {
      setBusy(undefined);
    }
  };

  const revoke = async (grant: MandateGrant) => {
    setBusy(grant.id);
    setRefusal(undefined);
    setDone(undefined);
    try {
      await api.post<MandateGrant>(`/api/ombud/mandates/${encodeURIComponent(grant.id)}/revoke`);
      setDone(ot('revoked', { name: partyName(grant.agent) }));
      await load();
    } catch (e) {
      await failed(e);
    } finally {
      setBusy(undefined);
    }
  };

  const until = state?.signed_in
    ? new Date(state.signed_in_until).toLocaleTimeString(getLang() === 'sv' ? 'sv-SE' : 'en-GB', {
        hour: '2-digit',
        minute: '2-digit',
      })
    : '';

  return (
    <section class="ombud-page">
      <h1 tabIndex={-1}>{ot('title')}</h1>
      <p>{ot('intro')}</p>
      {cancelled ? (
        <p class="alert alert-warning" role="alert">
          {ot('cancelled')}
        </p>
      ) : (
        <ErrorMessage error={error} focus />
      )}
      {refusal && (
        <p class="alert alert-error" role="alert">
          {refusal}
        </p>
      )}
      {done && (
        <p class="alert alert-success" role="status">
          {done}
        </p>
      )}
      {state && !state.signed_in && (
        <section class="card">
          <p>{ot('signInHint')}</p>
          <button type="button" class="button button-primary" onClick={() => void signIn()}>
            {ot('signIn')}
          </button>
        </section>
      )}
      {state?.signed_in && (
        <>
          <p class="hint">
            {ot('signedIn', { time: until })}{' '}
            <button type="button" class="link-button" onClick={() => void signOut()}>
              {ot('signOut')}
            </button>
          </p>
          <GiveMandateForm busy={busy === 'give'} onGive={(g) => void give(g)} />
          <section aria-labelledby="ombud-given">
            <h2 id="ombud-given">{ot('givenHeading')}</h2>
            {state.given.length === 0 ? (
              <p>{ot('noneGiven')}</p>
            ) : (
              <GrantList grants={state.given} side="given" busy={busy} onRevoke={(g) => void revoke(g)} />
            )}
          </section>
          <section aria-labelledby="ombud-received">
            <h2 id="ombud-received">{ot('receivedHeading')}</h2>
            {state.received.length === 0 ? (
              <p>{ot('noneReceived')}</p>
            ) : (
              <GrantList grants={state.received} side="received" />
            )}
          </section>
        </>
      )}
    </section>
  );
}
