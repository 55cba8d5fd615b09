import { useEffect, useState } from 'preact/hooks';
import { api, type LogEntry } from '../api';
import { claimNames } from '../components/claim-names';
import { ConfirmDialog } from '../components/confirm-dialog';
import { focusOnMount } from '../components/focus-on-mount';
import { ErrorMessage } from '../components/error-message';
import { IssuerName } from '../components/issuer-name';
import { Link } from '../components/link';
import { usePages } from '../components/use-pages';
import { formatDateTime, getLang, pick, t, type MessageKey } from '../i18n';
import { text as caseText } from './cases/case-texts';
import type { CaseSummary } from './cases/case-types';
import { outcomeText } from './outcome-texts';

const events = [
  'issuance',
  'presentation',
  'refusal',
  'deletion',
  'profile_change',
  'standing_permission',
  'profile_delivery',
  'case',
] as const;

/** Entries a page of the log shows; "Visa fler" asks for the next (issue 24). */
const pageSize = 50;

export function Log() {
  const [event, setEvent] = useState('');
  const pages = usePages<LogEntry>('/api/log', 'entries', pageSize, event ? `event=${event}` : '');
  const entries = pages.items;
  const [actionError, setError] = useState<unknown>();
  const error = actionError ?? pages.error;
  // The case each thread belongs to: its shares and events link to it (docs/cases.md).
  const [cases, setCases] = useState<Map<string, CaseSummary>>(new Map());
  useEffect(() => {
    api
      .get<{ cases: CaseSummary[] }>('/api/cases')
      .then((r) => setCases(new Map(r.cases.map((c) => [c.log_thread, c]))))
      .catch(() => undefined);
  }, []);

  const [confirming, setConfirming] = useState(false);
  const [deleted, setDeleted] = useState(false);

  // Asked in the page (not the browser's confirm()), then said, with focus on what was said.
  const removeAll = async () => {
    try {
      await api.delete('/api/log');
      setConfirming(false);
      setDeleted(true);
      pages.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('logTitle')}</h1>
      <p>{t('logText')}</p>
      <ErrorMessage error={error} />
      <div class="toolbar">
        <label for="event">{t('filterEvent')}</label>
        <select id="event" value={event} onChange={(e) => setEvent((e.target as HTMLSelectElement).value)}>
          <option value="">{t('allEvents')}</option>
          {events.map((e) => (
            <option key={e} value={e}>
              {t(`event_${e}` as MessageKey)}
            </option>
          ))}
        </select>
        <a class="button" href="/api/log?format=json" download="min-profil-logg.json">
          {t('exportJson')}
        </a>
        <a class="button" href="/api/log?format=csv" download="min-profil-logg.csv">
          {t('exportCsv')}
        </a>
        <button
          type="button"
          class="button button-danger"
          onClick={() => {
            setDeleted(false);
            setConfirming(true);
          }}
        >
          {t('deleteLog')}
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          id="confirm-delete-log"
          yes={t('deleteLogYes')}
          yesClass="button-danger"
          no={t('cancel')}
          onYes={() => void removeAll()}
          onNo={() => setConfirming(false)}
        >
          {t('confirmDeleteLog')}
        </ConfirmDialog>
      )}
      {deleted && (
        <p class="alert alert-success" role="status" tabIndex={-1} ref={focusOnMount}>
          {t('logDeleted')}
        </p>
      )}
      {entries?.length === 0 && <p>{t('emptyLog')}</p>}
      <ol class="timeline" aria-label={t('logTitle')}>
        {entries?.map((entry, i) => (
          <li
            key={entry.id}
            class={`timeline-item event-${entry.event}`}
            {...(i === pages.firstNew ? { tabIndex: -1, ref: focusOnMount } : {})}
          >
            <article>
              <h2>
                {t(`event_${entry.event}` as MessageKey)} –{' '}
                <IssuerName
                  name={entry.counterparty_name}
                  fallback={entry.counterparty}
                  trusted={entry.counterparty_trusted}
                />
              </h2>
              <p class="hint">
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </p>
              {entry.claims.length > 0 && (
                <p>
                  <strong>{t('claimNames')}:</strong> {claimNames(entry.claims, entry.claim_labels)}
                </p>
              )}
              {entry.purpose && (
                <p>
                  <strong>{t('purpose')}:</strong> {pick(entry.purpose)}
                </p>
              )}
              <p>
                <strong>{t('outcome')}:</strong> {outcomeText(entry.outcome, getLang())}
              </p>
              {entry.thread && cases.get(entry.thread) && (
                <p>
                  <strong>{pick(caseText.partOfCase)}:</strong>{' '}
                  <Link to={`/cases/${encodeURIComponent(cases.get(entry.thread)!.id)}`}>
                    {cases.get(entry.thread)!.title}
                  </Link>
                </p>
              )}
            </article>
          </li>
        ))}
      </ol>
      {pages.hasMore && (
        <button type="button" class="button" disabled={pages.loadingMore} onClick={pages.more}>
          {t('showMore')} <span class="visually-hidden">{t('moreLogEntries')}</span>
        </button>
      )}
    </section>
  );
}
