import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiFailure, type Credential, type Offer } from '../api';
import { ErrorMessage } from '../components/error-message';
import { takeFetchOutcome } from '../components/fetch-outcome';
import { useFocusWhen } from '../components/focus-on-mount';
import { IssuerName } from '../components/issuer-name';
import { Link } from '../components/link';
import { t } from '../i18n';
import { completeHolderFetch, receiveOffer } from '../passkeys/receive-in-page';
import { pollInPage } from '../passkeys/signing-request';
import { ClaimTable } from './credential-detail';
import { CredentialCard } from './credentials';

type Outcome = 'saved' | 'declined' | undefined;

/**
 * An offer with only the authorization_code grant: the person signs in at the issuer first. A
 * passkey-protected account's keys are already made (their ids stay with the fetch); back from
 * the issuer this screen signs the proofs (`?signing_request=`).
 */
interface SignInAtIssuer {
  state: 'authorization_required';
  authorization_url: string;
  issuer: Credential['issuer'];
}

const isSignIn = (answer: Offer | SignInAtIssuer): answer is SignInAtIssuer =>
  answer.state === 'authorization_required';

/**
 * Receiving: from an offer link (`?offer=…&tx_code=…`) or back from a holder's sign-in
 * (`?received=<offer id>`, or `?signing_request=<id>` for the page to sign the proofs). The person sees the credential and checks it before it is kept.
 */
/** A holder's refusal arrives in a short-lived cookie, read once (codes never go in a URL). */
function errorFromFetch(): ApiFailure | undefined {
  const outcome = takeFetchOutcome();
  return outcome ? new ApiFailure(400, { error: outcome.error, error_description: '' }) : undefined;
}

/** The address without the one-time code and error parameters, so neither stays in history. */
function cleanUrl(params: URLSearchParams): void {
  const kept = new URLSearchParams(params);
  // A signing request is used once: a reload must not try it again.
  // A replacement is asked for once, too (the settings' "Hämta igen").
  for (const name of ['tx_code', 'error', 'error_description', 'signing_request', 'replaces']) {
    kept.delete(name);
  }
  const query = kept.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
}

export function Receive() {
  const params = new URLSearchParams(location.search);
  const [offer, setOffer] = useState<Offer | undefined>();
  const [error, setError] = useState<unknown>(errorFromFetch);
  const codeRef = useRef<HTMLInputElement>(null);
  const [needsTxCode, setNeedsTxCode] = useState(false);
  const [txCode, setTxCode] = useState(params.get('tx_code') ?? '');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [signIn, setSignIn] = useState<SignInAtIssuer | undefined>();
  const signInRef = useFocusWhen(Boolean(signIn), [signIn]);
  const [replaced, setReplaced] = useState(false);

  // Fetched again from the settings' list of credentials bound to the service's keys: once
  // kept, the new copy (bound to this page's keys) replaces the old one (docs/passkeys.md).
  const replaceOld = async (kept: Offer) => {
    const old = params.get('replaces');
    if (!old || kept.state !== 'stored' || kept.credentials.length !== 1) return;
    await api.post(`/api/credentials/${encodeURIComponent(old)}/replace`, {
      replacement: kept.credentials[0]!.id,
    });
    setReplaced(true);
  };
  // A credential that names no holder is kept only when the person confirms it is theirs.
  const [confirmHolder, setConfirmHolder] = useState(false);
  const needsHolderConfirmation =
    offer?.state === 'pending' && offer.credentials.some((c) => c.names_holder === false);

  const submit = async (code?: string) => {
    const link = params.get('offer');
    if (!link) return;
    setBusy(true);
    setError(undefined);
    try {
      // A passkey-protected account: the keys are made and the issuer's proofs signed in this
      // page (unlocking with the passkey when needed), as present.tsx does for presentations.
      // An offer that needs a sign-in at the issuer comes back here (/oid4vci/callback).
      const answer = await receiveOffer<Offer | SignInAtIssuer>({
        offer: link,
        return_to: '/receive',
        ...(code ? { tx_code: code } : {}),
      });
      if (isSignIn(answer)) setSignIn(answer);
      else setOffer(answer);
      setNeedsTxCode(false);
    } catch (e) {
      if (e instanceof ApiFailure && e.body.tx_code_required) setNeedsTxCode(true);
      else {
        setError(e);
        // A wrong code: the form stays filled and the field takes focus, to correct it.
        if (code) requestAnimationFrame(() => codeRef.current?.focus());
      }
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    cleanUrl(params);
    const received = params.get('received');
    const signing = params.get('signing_request');
    if (signing) {
      // Back from a holder with a passkey-protected account: sign the issuer's proofs here.
      setBusy(true);
      completeHolderFetch<Offer>(signing)
        .then(async (kept) => {
          setOffer(kept);
          await replaceOld(kept);
        })
        .catch(setError)
        .finally(() => setBusy(false));
    } else if (received) {
      api
        .get<Offer>(`/api/credential-offers/${encodeURIComponent(received)}`)
        .then(setOffer)
        .catch(setError);
    } else if (params.get('offer')) {
      void submit(params.get('tx_code') ?? undefined);
    }
  }, []);

  // A deferred issuance: ask again until the issuer has delivered. When the token is bound to
  // this page's DPoP key, only while the keys are unlocked (the page signs each poll's proof).
  const [waitingForUnlock, setWaitingForUnlock] = useState(false);
  const poll = (id: string, inPage: boolean, unlock: boolean) =>
    (inPage
      ? pollInPage<Offer>(id, { unlock })
      : api.get<Offer>(`/api/credential-offers/${encodeURIComponent(id)}`)
    )
      .then((answer) => {
        setWaitingForUnlock(answer === 'locked');
        if (answer !== 'locked') setOffer(answer);
      })
      .catch(setError);
  useEffect(() => {
    if (offer?.state !== 'deferred' || waitingForUnlock) return;
    const timer = setTimeout(() => void poll(offer.id, offer.poll_in_page === true, false), 3000);
    return () => clearTimeout(timer);
  }, [offer, waitingForUnlock]);

  const decide = async (decision: 'accept' | 'decline') => {
    if (!offer) return;
    setBusy(true);
    try {
      await api.post(
        `/api/credential-offers/${encodeURIComponent(offer.id)}/${decision}`,
        decision === 'accept' && needsHolderConfirmation ? { confirm_holder: confirmHolder } : undefined,
      );
      setOutcome(decision === 'accept' ? 'saved' : 'declined');
      if (decision === 'accept') await replaceOld({ ...offer, state: 'stored' });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('receiveTitle')}</h1>
      <ErrorMessage error={error} id="receive-error" focus={!needsTxCode} codeSent={needsTxCode} />
      {busy && <p aria-live="polite">{t('loading')}</p>}
      {needsTxCode && (
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit(txCode.trim());
          }}
        >
          <label for="tx_code">{t('txCodeLabel')}</label>
          <p class="hint">{t('txCodeHint')}</p>
          <input
            id="tx_code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            ref={codeRef}
            aria-invalid={needsTxCode && error ? true : undefined}
            aria-describedby={needsTxCode && error ? 'receive-error' : undefined}
            value={txCode}
            onInput={(e) => setTxCode((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="button button-primary">
            {t('fetch')}
          </button>
        </form>
      )}
      {signIn && (
        <>
          <p class="lead" tabIndex={-1} ref={signInRef}>
            {t('signInAtIssuer')}{' '}
            <strong>
              <IssuerName
                name={signIn.issuer.name}
                fallback={signIn.issuer.credential_issuer}
                trusted={signIn.issuer.trusted}
              />
            </strong>
          </p>
          <p class="hint">{t('signInAtIssuerHint')}</p>
          <a class="button button-primary" href={signIn.authorization_url}>
            {t('continueToIssuer')}
          </a>
        </>
      )}
      {outcome && (
        <div class="alert alert-success" role="status">
          {t(outcome)} {outcome === 'saved' && replaced && t('replacedOld')}{' '}
          <Link to="/credentials">{t('navCredentials')}</Link>
        </div>
      )}
      {offer && !outcome && (
        <>
          {offer.state === 'deferred' && !waitingForUnlock && (
            <p class="alert" role="status">
              {t('deferredWait')}
            </p>
          )}
          {offer.state === 'deferred' && waitingForUnlock && (
            <div class="alert" role="status">
              <p>{t('deferredWaitUnlock')}</p>
              <button type="button" class="button" onClick={() => void poll(offer.id, true, true)}>
                {t('deferredUnlock')}
              </button>
            </div>
          )}
          {offer.state === 'pending' && <p class="lead">{t('checkBeforeSaving')}</p>}
          {offer.credentials.map((c) => (
            <div key={c.id} class="preview">
              <CredentialCard credential={c} />
              {c.claims && <ClaimTable claims={c.claims} />}
            </div>
          ))}
          {needsHolderConfirmation && (
            <div class="alert alert-warning">
              <p>{t('noHolderWarning')}</p>
              <p>
                <input
                  type="checkbox"
                  id="confirm-holder"
                  checked={confirmHolder}
                  onChange={() => setConfirmHolder(!confirmHolder)}
                />{' '}
                <label for="confirm-holder">{t('confirmHolder')}</label>
              </p>
            </div>
          )}
          {offer.state === 'pending' && (
            <div class="button-row">
              <button
                type="button"
                class="button button-primary"
                disabled={busy || (needsHolderConfirmation && !confirmHolder)}
                onClick={() => decide('accept')}
              >
                {t('accept')}
              </button>
              <button type="button" class="button" disabled={busy} onClick={() => decide('decline')}>
                {t('decline')}
              </button>
            </div>
          )}
          {offer.state === 'stored' && (
            <div class="alert alert-success" role="status">
              {t('saved')} {replaced && t('replacedOld')} <Link to="/credentials">{t('navCredentials')}</Link>
            </div>
          )}
        </>
      )}
    </section>
  );
}
