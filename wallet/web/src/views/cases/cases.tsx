import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorMessage } from '../../components/error-message';
import { Link } from '../../components/link';
import { formatDateTime, pick } from '../../i18n';
import { navigate } from '../../router';
import { text } from './case-texts';
import type { CaseDetail, CaseSummary, TimelineItem } from './case-types';

const statusText = { open: text.open, stopped: text.stopped, closed: text.closed };
const statusBadge = { open: 'badge-valid', stopped: 'badge-revoked', closed: 'badge-expired' };

/** "Mina ärenden": every case across bodies, newest activity first, those waiting for the person marked. */
export function Cases() {
  const [data, setData] = useState<{ cases: CaseSummary[]; waiting: number } | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api.get<{ cases: CaseSummary[]; waiting: number }>('/api/cases').then(setData).catch(setError);
  }, []);
  return (
    <section>
      <h1 tabIndex={-1}>{pick(text.title)}</h1>
      <p>{pick(text.intro)}</p>
      <ErrorMessage error={error} />
      {data && data.waiting > 0 && (
        <p class="case-waiting-count">
          <span class="badge badge-pending">{data.waiting}</span> {pick(text.waitingCount)}
        </p>
      )}
      {data?.cases.length === 0 && <p>{pick(text.none)}</p>}
      <ul class="card-list">
        {data?.cases.map((c) => (
          <li key={c.id} class={`card case-item${c.waiting_for_me ? ' case-waiting' : ''}`}>
            <h2>{c.title}</h2>
            <p>
              {pick(c.consumer.name ?? undefined, c.consumer.client_id)} · {pick(text.reference)}{' '}
              {c.reference}
            </p>
            <p>
              <span class={`badge ${statusBadge[c.status]}`}>{pick(statusText[c.status])}</span>{' '}
              {c.waiting_for_me && <span class="badge badge-pending">{pick(text.waitingBadge)}</span>}
            </p>
            <p class="hint">
              {pick(text.lastActivity)}:{' '}
              <time dateTime={c.last_activity_at}>{formatDateTime(c.last_activity_at)}</time>
            </p>
            <Link to={`/cases/${encodeURIComponent(c.id)}`} class="button">
              {pick(text.showCase)} <span class="visually-hidden">– {c.title}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function itemTitle(item: TimelineItem): string {
  if (item.kind === 'shared') return pick(text.shared);
  if (item.kind === 'answered') return pick(text.answered);
  if (item.kind === 'stopped') return pick(text.stoppedEvent);
  if (item.type === 'closed') return pick(text.closedEvent);
  return pick(text[item.type!]);
}

/** One case: its timeline (what was shared, each event, decisions, what is asked), answer and stop. */
export function CaseView(props: { id: string }) {
  const [detail, setDetail] = useState<CaseDetail | undefined>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const path = `/api/cases/${encodeURIComponent(props.id)}`;
  useEffect(() => {
    api.get<CaseDetail>(path).then(setDetail).catch(setError);
  }, [props.id]);

  const answer = async (eventId: string) => {
    setBusy(true);
    try {
      const request = await api.post<{ id: string }>(`${path}/events/${encodeURIComponent(eventId)}/answer`);
      navigate(`/present?id=${encodeURIComponent(request.id)}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const stop = async () => {
    setBusy(true);
    try {
      setDetail(await api.post<CaseDetail>(`${path}/stop`));
      setConfirming(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p>
        <Link to="/cases">{pick(text.back)}</Link>
      </p>
      <h1 tabIndex={-1}>{detail?.title ?? pick(text.title)}</h1>
      <ErrorMessage error={error} />
      {detail && (
        <>
          <p>
            {pick(detail.consumer.name ?? undefined, detail.consumer.client_id)} · {pick(text.reference)}{' '}
            {detail.reference} ·{' '}
            <span class={`badge ${statusBadge[detail.status]}`}>{pick(statusText[detail.status])}</span>
          </p>
          <h2>{pick(text.timeline)}</h2>
          <ol class="plain timeline case-timeline">
            {[...detail.timeline].reverse().map((item, index) => (
              <li
                key={`${item.kind}-${item.seq ?? index}`}
                class={`timeline-item case-${item.type ?? item.kind}`}
              >
                <h3>{itemTitle(item)}</h3>
                {item.at && (
                  <p class="hint">
                    <time dateTime={item.at}>{formatDateTime(item.at)}</time>
                  </p>
                )}
                {item.title && <p>{item.title}</p>}
                {item.message && <p>{item.message}</p>}
                {item.document && (
                  <p>
                    <a href={item.document.url} target="_blank" rel="noopener">
                      {pick(text.document)}: {item.document.title}
                    </a>
                  </p>
                )}
                {item.answer?.status === 'expired' && <p class="hint">{pick(text.expired)}</p>}
                {item.answer?.status === 'waiting' && detail.status === 'open' && (
                  <button
                    type="button"
                    class="button button-primary"
                    disabled={busy}
                    onClick={() => void answer(item.id!)}
                  >
                    {pick(text.answer)}
                  </button>
                )}
              </li>
            ))}
          </ol>
          {detail.status === 'open' && !confirming && (
            <button type="button" class="button button-danger" onClick={() => setConfirming(true)}>
              {pick(text.stop)}
            </button>
          )}
          {confirming && (
            <ConfirmDialog
              id="confirm-stop"
              yes={pick(text.stop)}
              yesClass="button-danger"
              no={pick(text.cancel)}
              busy={busy}
              onYes={() => void stop()}
              onNo={() => setConfirming(false)}
            >
              {pick(text.confirmStop)}
            </ConfirmDialog>
          )}
        </>
      )}
    </section>
  );
}
