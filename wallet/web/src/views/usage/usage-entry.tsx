import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorMessage } from '../../components/error-message';
import { focusOnMount } from '../../components/focus-on-mount';
import { Link } from '../../components/link';
import { formatDateTime, pick } from '../../i18n';
import type { ConsentRecord, UsageEntry } from './usage-types';
import { actionText, fieldText, ut } from './usage-texts';

function deletionText(record: ConsentRecord): string | null {
  const d = record.deletion;
  switch (d.state) {
    case 'requested':
      return ut('deletion_requested');
    case 'deleted':
      return ut('deletion_deleted', { at: d.deleted_at ? formatDateTime(d.deleted_at) : '' });
    case 'refused':
      return ut('deletion_refused', {
        ground: pick(d.legal_ground, ''),
        until: d.retained_until ? formatDateTime(d.retained_until) : '',
      });
    case 'failed':
      return ut('deletion_failed');
    default:
      return null;
  }
}

/** "Begär radering" on a share's consent record, asked in the page, and the answer when it comes. */
function DeletionRequest(props: {
  record: ConsentRecord;
  who: string;
  onAnswer: (r: ConsentRecord) => void;
}) {
  const { record } = props;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [answered, setAnswered] = useState(false);

  const request = async () => {
    setBusy(true);
    setError(undefined);
    try {
      props.onAnswer(await api.post<ConsentRecord>(`/api/consent-records/${record.id}/deletion-request`));
      setAsking(false);
      setAnswered(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const text = deletionText(record);
  const canAsk = record.deletion.state === 'none' || record.deletion.state === 'failed';
  const dialogId = `confirm-deletion-${record.id}`;
  return (
    <>
      {text && (
        // The answer takes focus as it appears, in the commit that removes the question (whose
        // button had focus), not in an effect after paint: on a loaded machine that left focus on
        // <body>. The ref only becomes focusOnMount once answered, so a page load takes no focus.
        <p class="deletion-state" role="status" tabIndex={-1} ref={answered ? focusOnMount : undefined}>
          {text}
        </p>
      )}
      <ErrorMessage error={error} focus />
      {canAsk && !asking && (
        <button type="button" class="button button-small" onClick={() => setAsking(true)}>
          {ut('requestDeletion')}
        </button>
      )}
      {asking && (
        <ConfirmDialog
          id={dialogId}
          yes={ut('confirmDeletionYes')}
          yesClass="button-danger"
          no={ut('cancel')}
          busy={busy}
          onYes={() => void request()}
          onNo={() => setAsking(false)}
        >
          {ut('confirmDeletion', { who: props.who })}
        </ConfirmDialog>
      )}
    </>
  );
}

/** One use: who, what, when, why, on which legal ground, and who reported it. */
export function UsageEntryView(props: { entry: UsageEntry; onRecord: (r: ConsentRecord) => void }) {
  const { entry } = props;
  return (
    <li class={`timeline-item usage-${entry.source}`}>
      <article>
        <h2>
          {actionText(entry.action)} – {entry.who}
        </h2>
        <p class="hint">
          <time dateTime={entry.time}>{formatDateTime(entry.time)}</time> · {ut('reportedBy')}{' '}
          {entry.reportedBy}
        </p>
        <dl class="usage-facts">
          <dt>{ut('who')}</dt>
          <dd>
            {entry.who}
            {entry.orgNumber ? ` (${ut('orgNumber', { n: entry.orgNumber })})` : ''}
          </dd>
          {entry.fields.length > 0 && (
            <>
              <dt>{ut('what')}</dt>
              <dd>{[...new Set(entry.fields.map(fieldText))].join(', ')}</dd>
            </>
          )}
          {entry.purpose && (
            <>
              <dt>{ut('why')}</dt>
              <dd>{entry.purpose}</dd>
            </>
          )}
          <dt>{ut('legalBasis')}</dt>
          <dd>{entry.legalBasis}</dd>
          {entry.case && (
            <>
              <dt>{ut('caseLabel')}</dt>
              <dd>
                <Link to={`/cases/${encodeURIComponent(entry.case.id)}`}>{entry.case.title}</Link>
              </dd>
            </>
          )}
        </dl>
        {entry.record && (
          <>
            {entry.record.deletion.state === 'none' && (
              <p class="hint">{ut('keptUntil', { until: formatDateTime(entry.record.retention.until) })}</p>
            )}
            <DeletionRequest record={entry.record} who={entry.who} onAnswer={props.onRecord} />
          </>
        )}
      </article>
    </li>
  );
}
