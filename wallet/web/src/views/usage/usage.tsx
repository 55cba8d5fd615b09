import { useMemo, useState } from 'preact/hooks';
import { api, ApiFailure } from '../../api';
import { ErrorMessage } from '../../components/error-message';
import { takeFetchOutcome } from '../../components/fetch-outcome';
import { Link } from '../../components/link';
import { pick } from '../../i18n';
import {
  casesByShare,
  consumerUseEntries,
  exportRows,
  filterEntries,
  holderEntries,
  recordEntry,
  toCsv,
  walletEntries,
  type Period,
  type UsageFilter,
} from './merge-usage';
import { UsageEntryView } from './usage-entry';
import { useUsageSources, type HolderProgress } from './usage-sources';
import { fieldText, ut } from './usage-texts';
import type { UsageEntry, UsageHolder } from './usage-types';
import './usage.css';

function download(name: string, type: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/** One holder's line in the progress list, with what the person can do about it. */
function HolderLine(props: {
  holder: UsageHolder;
  progress?: HolderProgress;
  onConnect: () => void;
  onMore: (cursor: string) => void;
  onRetry: () => void;
}) {
  const p = props.progress;
  const name = pick(props.holder.name, props.holder.id);
  return (
    <li class="usage-source" data-holder={props.holder.id} data-state={p?.state ?? 'loading'}>
      <strong>{name}</strong>: {(!p || p.state === 'loading') && ut('holderLoading')}
      {p?.state === 'done' && ut('holderDone', { n: p.uses.length })}
      {p?.state === 'failed' && ut('holderFailed')}
      {p?.state === 'reconnect' && ut('holderReconnect')}
      {p?.state === 'not_connected' && ut('holderNotConnected')}
      {p?.state === 'done' && p.next && (
        <button type="button" class="button button-small" onClick={() => props.onMore(p.next!)}>
          {ut('holderMore')}
        </button>
      )}
      {p?.state === 'failed' && (
        <button type="button" class="button button-small" onClick={props.onRetry}>
          {ut('tryAgain')}
        </button>
      )}
      {(p?.state === 'not_connected' || p?.state === 'reconnect') && (
        <button
          type="button"
          class="button button-small"
          aria-label={`${ut('connect')}: ${name}`}
          onClick={props.onConnect}
        >
          {ut('connect')}
        </button>
      )}
    </li>
  );
}

/** Entries drawn at once: a page, so a long merged list is laid out a page at a time. */
const pageSize = 50;

/**
 * "Vem har tagit del av mina uppgifter?": every holder's usage log (asked in parallel, a line
 * per holder), the consumers' consent records and later uses, and the wallet's own log of
 * shares, in one list with filters and export; "Begär radering" from a record.
 */
export function Usage() {
  const sources = useUsageSources();
  const [filter, setFilterState] = useState<UsageFilter>({ who: '', field: '', period: 'all', case: '' });
  const [drawn, setDrawn] = useState(pageSize);
  const setFilter = (next: UsageFilter) => {
    setFilterState(next);
    setDrawn(pageSize);
  };
  // Back from a holder sign-in that did not finish: its answer comes in a short-lived cookie.
  const [error, setError] = useState<unknown>(() => {
    const outcome = takeFetchOutcome();
    return outcome && new ApiFailure(400, { ...outcome });
  });
  const cancelled = error instanceof ApiFailure && error.body.error === 'access_denied';
  const connected = new URLSearchParams(location.search).has('connected');

  const entries = useMemo(() => {
    const all: UsageEntry[] = [];
    const cases = casesByShare(sources.cases);
    for (const holder of sources.holders ?? []) {
      const p = sources.progress[holder.id];
      if (p && 'uses' in p) all.push(...holderEntries(holder, p.uses));
    }
    for (const record of sources.records ?? []) {
      all.push(recordEntry(record, cases));
      const uses = sources.consumerUses[record.id];
      if (Array.isArray(uses)) all.push(...consumerUseEntries(record, uses, cases));
    }
    all.push(...walletEntries(sources.log ?? [], sources.records ?? []));
    return all;
  }, [sources.holders, sources.progress, sources.records, sources.consumerUses, sources.log, sources.cases]);

  const shown = filterEntries(entries, filter, Date.now());
  const whos = [...new Set(entries.map((e) => e.who))].sort();
  const kinds = [...new Set(entries.flatMap((e) => e.fields.map(fieldText)))].sort();
  const threads = [
    ...new Map(entries.flatMap((e) => (e.case ? [[e.case.id, e.case] as const] : []))).values(),
  ];
  const failedRecipients = (sources.records ?? []).filter((r) => sources.consumerUses[r.id] === 'failed');

  const connect = async (holder: UsageHolder) => {
    try {
      const started = await api.post<{ authorization_url: string }>(
        `/api/usage/holders/${encodeURIComponent(holder.id)}/connect`,
        { return_to: '/usage' },
      );
      location.assign(started.authorization_url);
    } catch (e) {
      setError(e);
    }
  };

  const select = (key: keyof UsageFilter) => (e: Event) =>
    setFilter({ ...filter, [key]: (e.target as HTMLSelectElement).value });

  return (
    <section class="usage-page">
      <h1 tabIndex={-1}>{ut('title')}</h1>
      <p>{ut('intro')}</p>
      <p>
        <Link to="/overview">{ut('overviewLink')}</Link>
      </p>
      {connected && (
        <p class="alert alert-success" role="status">
          {ut('connected')}
        </p>
      )}
      {cancelled ? (
        <div class="alert alert-warning" role="alert">
          <p>
            <strong>{ut('connectCancelled')}</strong> {ut('connectCancelledNext')}
          </p>
        </div>
      ) : (
        <ErrorMessage error={error ?? sources.error} focus />
      )}

      <section class="card" aria-labelledby="usage-sources">
        <h2 id="usage-sources">{ut('sourcesHeading')}</h2>
        <ul class="plain usage-sources" aria-live="polite">
          {sources.holders?.map((holder) => (
            <HolderLine
              key={holder.id}
              holder={holder}
              progress={sources.progress[holder.id]}
              onConnect={() => void connect(holder)}
              onMore={(cursor) => sources.loadHolder(holder.id, cursor)}
              onRetry={() => sources.loadHolder(holder.id)}
            />
          ))}
          <li class="usage-source">
            <strong>{ut('recipients')}</strong>:{' '}
            {sources.records ? ut('recipientsDone', { n: sources.records.length }) : ut('holderLoading')}
          </li>
          {failedRecipients.map((r) => (
            <li key={r.id} class="usage-source" data-state="failed">
              <strong>{pick(r.controller.name, r.verifier.client_id)}</strong>: {ut('recipientFailed')}
            </li>
          ))}
          <li class="usage-source">
            <strong>{ut('walletLog')}</strong>:{' '}
            {sources.log ? ut('holderDone', { n: sources.log.length }) : ut('holderLoading')}
          </li>
        </ul>
        <p class="hint">{ut('connectHint')}</p>
      </section>

      <fieldset class="usage-filters">
        <legend>{ut('filters')}</legend>
        <div class="usage-filter">
          <label for="usage-who">{ut('filterWho')}</label>
          <select id="usage-who" value={filter.who} onChange={select('who')}>
            <option value="">{ut('all')}</option>
            {whos.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </div>
        <div class="usage-filter">
          <label for="usage-kind">{ut('filterKind')}</label>
          <select id="usage-kind" value={filter.field} onChange={select('field')}>
            <option value="">{ut('all')}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        {threads.length > 0 && (
          <div class="usage-filter">
            <label for="usage-case">{ut('filterCase')}</label>
            <select id="usage-case" value={filter.case} onChange={select('case')}>
              <option value="">{ut('all')}</option>
              {threads.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="usage-filter">
          <label for="usage-period">{ut('filterPeriod')}</label>
          <select
            id="usage-period"
            value={filter.period}
            onChange={(e) =>
              setFilter({ ...filter, period: (e.target as HTMLSelectElement).value as Period })
            }
          >
            <option value="all">{ut('periodAll')}</option>
            <option value="30">{ut('period30')}</option>
            <option value="365">{ut('period365')}</option>
          </select>
        </div>
      </fieldset>
      <div class="toolbar">
        <button
          type="button"
          class="button"
          onClick={() => download('vem-har-tagit-del.csv', 'text/csv', toCsv(shown))}
        >
          {ut('exportCsv')}
        </button>
        <button
          type="button"
          class="button"
          onClick={() =>
            download('vem-har-tagit-del.json', 'application/json', JSON.stringify(exportRows(shown), null, 2))
          }
        >
          {ut('exportJson')}
        </button>
      </div>

      <p class="hint" aria-live="polite">
        {ut('count', { n: shown.length })}
      </p>
      {shown.length === 0 && <p>{ut('empty')}</p>}
      <ol class="timeline" aria-label={ut('title')}>
        {shown.slice(0, drawn).map((entry) => (
          <UsageEntryView key={entry.key} entry={entry} onRecord={sources.replaceRecord} />
        ))}
      </ol>
      {shown.length > drawn && (
        <button type="button" class="button" onClick={() => setDrawn(drawn + pageSize)}>
          {ut('showMore', { n: shown.length - drawn })}
        </button>
      )}
    </section>
  );
}
