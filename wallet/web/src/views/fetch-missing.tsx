import { useEffect, useState } from 'preact/hooks';
import { useFocusWhen } from '../components/focus-on-mount';
import { api, type CredentialQuery, type Holder, type Offer, type PresentationRequest } from '../api';
import { ErrorMessage } from '../components/error-message';
import { takeFetchOutcome } from '../components/fetch-outcome';
import { Link } from '../components/link';
import { getLang, pick } from '../i18n';
import { completeHolderFetch, startHolderFetch } from '../passkeys/receive-in-page';
import { CredentialCard } from './credentials';

/** What the holder's redirect brought back to the consent screen (read once; the URL is then tidied). */
export interface FetchReturn {
  query: string | null;
  received: string | null;
  /** A passkey-protected account: the issuance signing request the page completes. */
  signingRequest: string | null;
  error: string | null;
  description: string | null;
}

export function readFetchReturn(params: URLSearchParams): FetchReturn | undefined {
  // A refusal comes in a short-lived cookie, never in the address (components/fetch-outcome.ts).
  const outcome = params.has('fetched') ? takeFetchOutcome() : undefined;
  const value = {
    query: params.get('fetched'),
    received: params.get('received'),
    signingRequest: params.get('signing_request'),
    error: outcome?.error ?? null,
    description: outcome?.error_description ?? null,
  };
  return value.received || value.signingRequest || value.error ? value : undefined;
}

const texts = {
  fetch: { sv: 'Hämta från', en: 'Fetch from' },
  fetching: { sv: 'Går till', en: 'Going to' },
  saveAndContinue: { sv: 'Spara och fortsätt', en: 'Save and continue' },
  fetchedCheck: {
    sv: 'Intyget är hämtat. Kontrollera det och spara det för att kunna svara.',
    en: 'The credential has been fetched. Check it and save it to be able to answer.',
  },
  saved: {
    sv: 'Intyget är sparat. Granska vad som skickas och svara nedan.',
    en: 'The credential has been saved. Review what is sent and answer below.',
  },
  checkFirst: { sv: 'Granska intyget först', en: 'Review the credential first' },
  noRecord: { sv: 'har inget', en: 'has no' },
  aboutYou: { sv: 'om dig.', en: 'about you.' },
  noRecordNext: {
    sv: 'Du kan neka förfrågan nedan, eller fråga dem varför.',
    en: 'You can refuse the request below, or ask them why.',
  },
  cancelled: { sv: 'Hämtningen avbröts hos', en: 'The fetch was cancelled at' },
  cancelledNext: {
    sv: 'Försök igen med knappen nedan, eller neka förfrågan.',
    en: 'Try again with the button below, or refuse the request.',
  },
};

/** "Inskrivningsintyg" inside a Swedish sentence: "… har inget inskrivningsintyg om dig". */
const inSentence = (name: string) =>
  getLang() === 'sv' ? name.charAt(0).toLowerCase() + name.slice(1) : name;

/**
 * Fetching a credential the request needs, in this tab (a window opened after an `await` is
 * blocked on phones), and back to the same request; the holder's answer is said in words.
 */
export function FetchMissing(props: {
  request: PresentationRequest;
  returned: FetchReturn | undefined;
  onSaved: () => Promise<void>;
}) {
  const { request, returned } = props;
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [offer, setOffer] = useState<Offer | undefined>();
  const [saved, setSaved] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>();
  const messageRef = useFocusWhen(Boolean(refusal || offer || saved), [refusal, offer, saved]);

  // Back from the holder: save what came (after a look), or say what the holder answered.
  useEffect(() => {
    if (!returned) return;
    const fetched = returned.signingRequest
      ? completeHolderFetch<Offer>(returned.signingRequest)
      : returned.received
        ? api.get<Offer>(`/api/credential-offers/${encodeURIComponent(returned.received)}`)
        : undefined;
    if (fetched) {
      fetched
        .then(async (o) => {
          if (o.state === 'stored') {
            await props.onSaved();
            setSaved(true);
          } else setOffer(o);
        })
        .catch(setError);
      return;
    }
    const query = request.credential_queries.find((q) => q.id === returned.query);
    const holder = query?.holders[0];
    const holderName = pick(holder?.name, holder?.id ?? '');
    if (!/credential_request_denied/.test(returned.description ?? '')) {
      setRefusal(`${pick(texts.cancelled)} ${holderName}.|${pick(texts.cancelledNext)}`);
      return;
    }
    api
      .get<{ holders: Holder[] }>('/api/holders')
      .then((r) => {
        const type = r.holders
          .find((h) => h.id === holder?.id)
          ?.credential_types.find((c) =>
            holder?.credential_configuration_ids.includes(c.credential_configuration_id),
          );
        setRefusal(
          `${holderName} ${pick(texts.noRecord)} ${inSentence(pick(type?.name, ''))} ${pick(texts.aboutYou)}|${pick(texts.noRecordNext)}`,
        );
      })
      .catch(setError);
  }, []);

  const fetchAt = async (query: CredentialQuery) => {
    const holder = query.holders[0]!;
    setBusy(query.id);
    setError(undefined);
    try {
      // A passkey-protected account: the keys are made in this page before leaving.
      location.assign(
        await startHolderFetch(holder.id, {
          credential_configuration_id: holder.credential_configuration_ids[0]!,
          return_to: `/present?id=${encodeURIComponent(request.id)}&fetched=${encodeURIComponent(query.id)}`,
        }),
      );
    } catch (e) {
      setError(e);
      setBusy(undefined);
    }
  };

  const save = async () => {
    if (!offer) return;
    setError(undefined);
    try {
      await api.post(`/api/credential-offers/${encodeURIComponent(offer.id)}/accept`);
      await props.onSaved();
      setOffer(undefined);
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };

  const missing = request.credential_queries.filter((q) => q.missing && q.holders[0]);
  const [message, next] = refusal?.split('|') ?? [];
  return (
    <>
      <ErrorMessage error={error} focus />
      {refusal && (
        <div class="alert alert-warning fetch-answer" role="alert" tabIndex={-1} ref={messageRef}>
          <p>
            <strong>{message}</strong> {next}
          </p>
        </div>
      )}
      {saved && (
        <div class="alert alert-success" role="status" tabIndex={-1} ref={messageRef}>
          <p>{pick(texts.saved)}</p>
        </div>
      )}
      {offer && (
        <section class="card" aria-labelledby="fetched-heading" tabIndex={-1} ref={messageRef}>
          <h2 id="fetched-heading">{pick(texts.fetchedCheck)}</h2>
          {offer.credentials.map((c) => (
            <CredentialCard key={c.id} credential={c} />
          ))}
          {offer.credentials.some((c) => c.names_holder === false) ? (
            <Link to={`/receive?received=${encodeURIComponent(offer.id)}`} class="button button-primary">
              {pick(texts.checkFirst)}
            </Link>
          ) : (
            <button type="button" class="button button-primary" onClick={save}>
              {pick(texts.saveAndContinue)}
            </button>
          )}
        </section>
      )}
      {!offer &&
        missing.map((q) => (
          <p key={q.id}>
            <button type="button" class="button" disabled={busy !== undefined} onClick={() => fetchAt(q)}>
              {busy === q.id ? pick(texts.fetching) : pick(texts.fetch)}{' '}
              {pick(q.holders[0]!.name, q.holders[0]!.id)}
            </button>
          </p>
        ))}
    </>
  );
}
