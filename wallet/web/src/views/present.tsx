import { useEffect, useState } from 'preact/hooks';
import { api, type CredentialQuery, type PresentationAnswer, type PresentationRequest } from '../api';
import { ApprovalDocument, approveAndSign } from '../components/approval-document';
import { getActingFor, onActingForChange } from '../components/acting-for';
import { ClaimValue } from '../components/claim-value';
import { ErrorMessage } from '../components/error-message';
import { focusOnMount } from '../components/focus-on-mount';
import { requestStateTexts } from '../components/error-texts';
import { IssuerName } from '../components/issuer-name';
import { Link } from '../components/link';
import { OnBehalfOf } from '../components/on-behalf-of';
import { QrScanner } from '../components/qr-scanner';
import { pick, t } from '../i18n';
import { FetchMissing, readFetchReturn } from './fetch-missing';
import { extraClaims, NeededDialog, neededLeftOut, neededTexts } from './needed-claims';
import { StandingChoice } from './standing-permissions/standing-choice';
import { text as standingText } from './standing-permissions/standing-texts';
import { CaseChoice } from './cases/case-choice';
import { text as caseText } from './cases/case-texts';
import { completeSigningRequest, isSigningRequest, type SigningRequest } from '../passkeys/signing-request';
import { dcApiTexts, takeDcApiHandover } from './dc-api-handover';

const warningText: Record<string, { sv: string; en: string }> = {
  unverified_verifier: {
    sv: 'Förfrågan är inte signerad. Det går inte att kontrollera vem som frågar.',
    en: 'The request is not signed. Who is asking cannot be confirmed.',
  },
  not_registered: {
    sv: 'Mottagaren finns inte i förtroendelistan över registrerade mottagare.',
    en: 'The recipient is not in the trust list of registered recipients.',
  },
  registration_certificate_differs: {
    sv: 'Mottagarens registreringsintyg stämmer inte med förtroendelistan. Det är förtroendelistans registrering som gäller.',
    en: "The recipient's registration certificate does not match the trust list. The trust list's registration is what counts.",
  },
};

/** The registration certificate (verifier_info) as the asker card shows it. */
const certificateTexts = {
  heading: { sv: 'Registreringsintyg', en: 'Registration certificate' },
  registeredName: { sv: 'Registrerat namn', en: 'Registered name' },
  intendedUse: { sv: 'Avsedd användning', en: 'Intended use' },
  privacyPolicy: { sv: 'Integritetspolicy', en: 'Privacy policy' },
  checked: {
    sv: 'Intyget är utfärdat av en registrator som förtroendelistan godtar.',
    en: 'The certificate is issued by a registrar the trust list accepts.',
  },
};

/** The labels of what is asked beyond the asker's registration, for the warning. */
function extraLabels(request: PresentationRequest): string[] {
  const extra = extraClaims(request);
  return request.credential_queries.flatMap((q) =>
    (q.matches[0]?.claims_to_send ?? [])
      .filter((c) => extra[q.id]?.has(c.name))
      .map((c) => pick(c.label, c.name)),
  );
}

/** Selected claim names and credential per DCQL query id. */
type Selection = Record<string, { credentialId: string; claims: Set<string> }>;

function initialSelection(request: PresentationRequest): Selection {
  const selection: Selection = {};
  // What the asker is not registered for is never chosen for the person.
  const extra = extraClaims(request);
  for (const q of request.credential_queries) {
    const match = q.matches[0];
    if (match)
      selection[q.id] = {
        credentialId: match.credential_id,
        claims: new Set(match.claims_to_send.map((c) => c.name).filter((name) => !extra[q.id]?.has(name))),
      };
  }
  return selection;
}

/** The consent screen: who asks, why, exactly what would be sent; approve or refuse. */
export function Present() {
  const params = new URLSearchParams(location.search);
  const [link, setLink] = useState(params.get('request') ?? '');
  const [request, setRequest] = useState<PresentationRequest | undefined>();
  const [selection, setSelection] = useState<Selection>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<PresentationAnswer | undefined>();
  /** Only asked when the request carries standing_permission; one-off unless chosen. */
  const [standing, setStanding] = useState(false);
  /** Only asked when the request carries case; no case unless chosen (docs/cases.md). */
  const [openCase, setOpenCase] = useState(false);

  /** Needed details the person left out, asked about before sending. */
  const [askNeeded, setAskNeeded] = useState<string[] | undefined>();
  /** Back from a holder where a missing credential was fetched (read before the URL is tidied). */
  const [returned] = useState(() => readFetchReturn(params));

  const show = (described: PresentationRequest) => {
    // The request by its id from here on: a reload shows it again (or that it is answered)
    // instead of resolving the link a second time.
    history.replaceState(null, '', `/present?id=${encodeURIComponent(described.id)}`);
    setRequest(described);
    setSelection(initialSelection(described));
  };

  const load = async (work: () => Promise<PresentationRequest>) => {
    setBusy(true);
    setError(undefined);
    try {
      show(await work());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  // "Jag företräder": the request as seen acting for the chosen party (or oneself).
  const byId = (id: string) => {
    const actingFor = getActingFor();
    const query = actingFor ? `?acting_for=${encodeURIComponent(actingFor)}` : '';
    return api.get<PresentationRequest>(`/api/presentation-requests/${encodeURIComponent(id)}${query}`);
  };
  const reload = async () => {
    if (request) show(await byId(request.id));
  };
  const open = (value: string) =>
    load(async () => {
      const opened = await api.post<PresentationRequest>('/api/presentation-requests', {
        request: value.trim(),
      });
      return getActingFor() ? byId(opened.id) : opened;
    });

  useEffect(() => {
    const id = params.get('id');
    const handover = takeDcApiHandover();
    // Through the Digital Credentials API: the request with the asking page's origin.
    if (handover) void load(() => api.post<PresentationRequest>('/api/dc-api/requests', handover));
    else if (id) void load(() => byId(id));
    else if (params.get('request')) void open(params.get('request')!);
  }, []);
  // Another choice in the switch shows the same request for that party.
  useEffect(
    () =>
      onActingForChange(() => {
        const id = new URLSearchParams(location.search).get('id');
        if (id) void load(() => byId(id));
      }),
    [],
  );

  const toggle = (queryId: string, claim: string) => {
    const current = selection[queryId];
    const claims = new Set(current.claims);
    if (claims.has(claim)) claims.delete(claim);
    else claims.add(claim);
    setSelection({ ...selection, [queryId]: { ...current, claims } });
  };

  const respond = async (decision: 'approve' | 'decline') => {
    if (!request) return;
    setBusy(true);
    try {
      const body =
        decision === 'decline'
          ? { decision }
          : {
              decision,
              claims: Object.fromEntries(Object.entries(selection).map(([id, s]) => [id, [...s.claims]])),
              // A `multiple` query sends every match (each child's guardian credential).
              credentials: Object.fromEntries(
                Object.entries(selection)
                  .filter(([id]) => !request.credential_queries.find((q) => q.id === id)?.multiple)
                  .map(([id, s]) => [id, s.credentialId]),
              ),
              ...(getActingFor() ? { acting_for: getActingFor() } : {}),
              ...(request.standing_permission ? { standing } : {}),
              ...(request.case ? { case: openCase } : {}),
            };
      const first = await api.post<PresentationAnswer | SigningRequest>(
        `/api/presentation-requests/${request.id}/response`,
        body,
      );
      // A credential bound to a passkey-protected key: this page signs its KB-JWT (docs/passkeys.md).
      setAnswer(isSigningRequest(first) ? await completeSigningRequest<PresentationAnswer>(first) : first);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // A query that names no claims is answered with the credential alone (OpenID4VP 1.0 §6.4.1);
  // only where claims were offered must at least one be chosen.
  const offersClaims = request?.credential_queries.some(
    (q) => (q.matches[0]?.claims_to_send.length ?? 0) > 0,
  );
  const nothingSelected = offersClaims === true && Object.values(selection).every((s) => s.claims.size === 0);
  const extra = request ? extraClaims(request) : {};
  const approve = () => {
    const leftOut = request ? neededLeftOut(request, selection) : [];
    if (leftOut.length > 0) setAskNeeded(leftOut);
    else void respond('approve');
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('shareTitle')}</h1>
      <ErrorMessage error={error} id="request-error" focus={request !== undefined} />
      {!request && (
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault();
            void open(link);
          }}
        >
          <label for="request">{t('requestLabel')}</label>
          <p class="hint" id="request-hint">
            {t('requestHint')}
          </p>
          <textarea
            id="request"
            rows={3}
            required
            aria-describedby={error ? 'request-hint request-error' : 'request-hint'}
            aria-invalid={error ? true : undefined}
            value={link}
            onInput={(e) => setLink((e.target as HTMLTextAreaElement).value)}
          />
          <QrScanner accept={(text) => text.startsWith('openid4vp:')} onResult={(text) => void open(text)} />
          <button type="submit" class="button button-primary" disabled={busy}>
            {t('open')}
          </button>
        </form>
      )}
      {busy && <p aria-live="polite">{t('loading')}</p>}
      {answer && (
        // After Godkänn or Neka the result takes focus as it appears, not <body>.
        <div
          class={`alert ${answer.decision === 'decline' && !answer.delivered ? 'alert-warning' : 'alert-success'}`}
          role="status"
          tabIndex={-1}
          ref={focusOnMount}
        >
          <p>
            {answer.decision === 'approve'
              ? t('sentOk')
              : // A decline the recipient refused: say so (a matter already decided, say).
                t(answer.delivered ? 'refusedOk' : 'refusedNotTaken')}
          </p>
          {answer.dc_api && (
            <p class="dc-api-handed-back">
              {pick(answer.decision === 'approve' ? dcApiTexts.handedBack : dcApiTexts.declinedBack)}{' '}
              <strong>{answer.dc_api.origin}</strong>.
            </p>
          )}
          {answer.standing_permission && (
            <p>
              {pick(
                request?.standing_permission?.company
                  ? standingText.standingGrantedCompany
                  : standingText.standingGranted,
              )}
            </p>
          )}
          {answer.case && <p>{pick(caseText.opened)}</p>}
          {answer.redirect_uri && /^https?:\/\//i.test(answer.redirect_uri) && (
            <a class="button button-primary" href={answer.redirect_uri}>
              {t('continueToRecipient')}
            </a>
          )}
          <p>
            <Link to="/">{t('toHome')}</Link>
          </p>
        </div>
      )}
      {request && !answer && request.state !== 'open' && (
        <div class="alert alert-warning" role="status">
          <p>
            <strong>{pick(requestStateTexts[request.state].message)}.</strong>{' '}
            {pick(requestStateTexts[request.state].next)}
          </p>
          <p>
            <Link to="/">{t('toHome')}</Link>
          </p>
        </div>
      )}
      {request && !answer && request.state === 'open' && (
        <>
          <section class="card asker" aria-labelledby="who">
            <h2 id="who">{t('whoAsks')}</h2>
            <p class="asker-name">{pick(request.verifier.name ?? undefined, request.verifier.client_id)}</p>
            <p>
              {request.verifier.registered ? (
                <span class="badge badge-valid">{t('registered')}</span>
              ) : (
                <span class="badge badge-revoked">{t('notRegistered')}</span>
              )}{' '}
              {!request.verifier.verified && <span class="badge badge-suspended">{t('unverified')}</span>}
            </p>
            {request.dc_api && (
              <p class="dc-api-origin">
                {pick(dcApiTexts.askedFrom)} <strong>{request.dc_api.origin}</strong>
              </p>
            )}
            {request.verifier.purposes.length > 0 && (
              <p>
                <strong>{t('purpose')}:</strong> {request.verifier.purposes.map((p) => pick(p)).join('; ')}
              </p>
            )}
            {(request.verifier.registration_certificates ?? []).map((c, i) => (
              <div key={i} class="registration-certificate">
                <h3>{pick(certificateTexts.heading)}</h3>
                <p>
                  <strong>{pick(certificateTexts.registeredName)}:</strong> {c.name}
                </p>
                <p>
                  <strong>{pick(certificateTexts.intendedUse)}:</strong> {pick(c.purpose)}
                </p>
                {c.privacy_policy && (
                  <p>
                    <a href={c.privacy_policy} target="_blank" rel="noopener noreferrer">
                      {pick(certificateTexts.privacyPolicy)}
                    </a>
                  </p>
                )}
                <p class="hint">{pick(certificateTexts.checked)}</p>
              </div>
            ))}
            <details class="technical">
              <summary>{t('technicalDetails')}</summary>
              <p class="hint">{request.verifier.client_id}</p>
            </details>
          </section>
          {request.warnings.map((w) => (
            <div key={w.code} class="alert alert-warning" role="alert">
              {w.code === 'beyond_registration' ? (
                <>
                  <strong>{t('warning')}:</strong> {pick(neededTexts.extraWarning)}{' '}
                  {extraLabels(request).join(', ')}. {pick(neededTexts.extraNotChosen)}
                </>
              ) : (
                <>
                  <strong>{t('warning')}:</strong> {pick(warningText[w.code]) || w.message}
                </>
              )}
            </div>
          ))}
          {request.refusal && (
            <section class="alert alert-error" role="alert" aria-labelledby="not-answered">
              <h2 id="not-answered">{t('notAnswered')}</h2>
              <p>{pick(request.refusal.message)}</p>
              <p>
                <Link to="/">← {t('back')}</Link>
              </p>
            </section>
          )}
          {/* Nothing to choose or send for an asker the wallet cannot identify. */}
          {!request.refusal && (
            <>
              {request.transaction_data?.map((d, i) => (
                <ApprovalDocument key={i} document={d} index={i} />
              ))}
              <OnBehalfOf request={request} />
              <h2>{t('whatIsSent')}</h2>
              {/* A credential_sets alternative the answer does not need is not shown. */}
              {request.credential_queries
                .filter((q) => q.in_answer !== false)
                .map((q) => (
                  <QueryCard
                    key={q.id}
                    query={q}
                    extra={extra[q.id] ?? new Set()}
                    registered={request.verifier.registered}
                    selection={selection[q.id]}
                    onToggle={(claim) => toggle(q.id, claim)}
                  />
                ))}
              {(returned || request.credential_queries.some((q) => q.missing)) && (
                <FetchMissing request={request} returned={returned} onSaved={reload} />
              )}
              <StandingChoice request={request} standing={standing} onChange={setStanding} />
              <CaseChoice request={request} accept={openCase} onChange={setOpenCase} />
              {nothingSelected && request.can_answer && <p class="hint">{t('nothingSelected')}</p>}
              {askNeeded && (
                <NeededDialog
                  who={pick(request.verifier.name ?? undefined, request.verifier.client_id)}
                  leftOut={askNeeded}
                  onSend={() => {
                    setAskNeeded(undefined);
                    void respond('approve');
                  }}
                  onChange={() => {
                    setAskNeeded(undefined);
                    document.querySelector<HTMLInputElement>('.claim-choices input:not(:checked)')?.focus();
                  }}
                />
              )}
              <div class="button-row decision-bar">
                <button
                  type="button"
                  class="button button-primary"
                  disabled={busy || !request.can_answer || nothingSelected || request.state !== 'open'}
                  onClick={approve}
                >
                  {request.transaction_data?.length ? pick(approveAndSign) : t('approve')}
                </button>
                <button
                  type="button"
                  class="button"
                  disabled={busy || request.state !== 'open'}
                  onClick={() => respond('decline')}
                >
                  {t('refuse')}
                </button>
                <Link to="/" class="focused-exit">
                  {t('focusedExit')}
                </Link>
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}

function QueryCard(props: {
  query: CredentialQuery;
  /** Asked for beyond the asker's registration: marked, not chosen. */
  extra: Set<string>;
  registered: boolean;
  selection?: { claims: Set<string> };
  onToggle: (claim: string) => void;
}) {
  const { query } = props;
  const match = query.matches[0];
  if (!match) {
    return (
      <article class="card missing">
        <h3>{t('missingCredential')}</h3>
        <ul class="plain">
          {query.holders.map((h) => (
            <li key={h.id}>{pick(h.name, h.id)}</li>
          ))}
        </ul>
      </article>
    );
  }
  return (
    <article class="card">
      <h3>
        {t('fromCredential')}: {pick(match.name)}
      </h3>
      <p class="hint">
        {t('issuedBy')}{' '}
        <IssuerName
          name={match.issuer.name}
          fallback={match.issuer.credential_issuer ?? ''}
          trusted={match.issuer.trusted}
        />
      </p>
      {match.claims_to_send.length === 0 && <p class="no-optional-claims">{t('noOptionalClaims')}</p>}
      {match.claims_always_sent.length > 0 && (
        <>
          <p class="hint">{t('alwaysSent')}</p>
          <ul class="plain always-sent">
            {match.claims_always_sent.map((claim) => (
              <li key={claim.name}>
                <span class="claim-label">{pick(claim.label, claim.name)}</span>{' '}
                <span class="claim-value">
                  <ClaimValue value={claim.value} />
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <fieldset hidden={match.claims_to_send.length === 0}>
        <legend class="visually-hidden">{pick(match.name)}</legend>
        <ul class="plain claim-choices">
          {match.claims_to_send.map((claim) => {
            const id = `${query.id}-${claim.name}`;
            return (
              <li key={claim.name}>
                <input
                  type="checkbox"
                  id={id}
                  checked={props.selection?.claims.has(claim.name) ?? false}
                  onChange={() => props.onToggle(claim.name)}
                />
                <label for={id}>
                  <span class="claim-label">{pick(claim.label, claim.name)}</span>{' '}
                  <span class="claim-value">
                    <ClaimValue value={claim.value} />
                  </span>{' '}
                  {props.extra.has(claim.name) ? (
                    <span class="badge badge-suspended">{pick(neededTexts.extra)}</span>
                  ) : (
                    props.registered && <span class="badge badge-needed">{pick(neededTexts.needed)}</span>
                  )}
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
    </article>
  );
}
