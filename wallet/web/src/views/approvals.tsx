import { useEffect, useState } from 'preact/hooks';
import { api, type ApprovalRecord } from '../api';
import { ErrorMessage } from '../components/error-message';
import { formatDateTime, pick } from '../i18n';

const text = {
  title: { sv: 'Godkända dokument', en: 'Approved documents' },
  intro: {
    sv: 'Dokument du har godkänt med plånboken. En krypterad kopia av varje dokument sparas här.',
    en: 'Documents you have approved with the wallet. An encrypted copy of each is kept here.',
  },
  none: { sv: 'Du har inte godkänt några dokument än.', en: 'You have not approved any documents yet.' },
  approvedBy: { sv: 'Godkänt för', en: 'Approved for' },
  open: { sv: 'Öppna dokumentet', en: 'Open the document' },
};

/** What the person approved: title, who asked, when, and the document kept. */
export function Approvals() {
  const [approvals, setApprovals] = useState<ApprovalRecord[] | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api
      .get<{ approvals: ApprovalRecord[] }>('/api/approvals')
      .then((r) => setApprovals(r.approvals))
      .catch(setError);
  }, []);
  return (
    <section>
      <h1 tabIndex={-1}>{pick(text.title)}</h1>
      <p>{pick(text.intro)}</p>
      <ErrorMessage error={error} />
      {approvals?.length === 0 && <p>{pick(text.none)}</p>}
      <ul class="card-list">
        {approvals?.map((a) => (
          <li key={a.id} class="card">
            <h2>{a.title}</h2>
            <p>
              {pick(text.approvedBy)} {pick(a.verifier.name ?? undefined, a.verifier.client_id)},{' '}
              <time dateTime={a.approved_at}>{formatDateTime(a.approved_at)}</time>
            </p>
            <p>
              <a href={a.document_url} target="_blank" rel="noopener">
                {pick(text.open)}
              </a>
            </p>
            <p class="hint">
              SHA-256: <code class="hash">{a.document_hash}</code>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
