import { useEffect, useState } from 'preact/hooks';
import { api, ApiFailure, type LogEntry } from '../../api';
import type { CaseSummary } from '../cases/case-types';
import type { ConsentRecord, ConsumerUse, HolderUse, HolderUsagePage, UsageHolder } from './usage-types';

/** How far one holder's log has come: asked, answered (with a next page or not), or not. */
export type HolderProgress =
  | { state: 'not_connected' }
  | { state: 'loading'; uses: HolderUse[] }
  | { state: 'done'; uses: HolderUse[]; next?: string }
  | { state: 'failed' | 'reconnect'; uses: HolderUse[] };

/** Every entry of the person's log, following `next_cursor` page by page. */
async function readWholeLog(): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '1000', ...(cursor ? { cursor } : {}) });
    const page = await api.get<{ entries: LogEntry[]; next_cursor?: string }>(`/api/log?${query}`);
    entries.push(...page.entries);
    cursor = page.next_cursor;
  } while (cursor);
  return entries;
}

/**
 * Loads every source of the merged view: each connected holder's log and each record's
 * consumer-side uses are asked in parallel, each reporting on its own as it answers.
 */
export function useUsageSources() {
  const [holders, setHolders] = useState<UsageHolder[]>();
  const [progress, setProgress] = useState<Record<string, HolderProgress>>({});
  const [records, setRecords] = useState<ConsentRecord[]>();
  const [consumerUses, setConsumerUses] = useState<Record<string, ConsumerUse[] | 'failed'>>({});
  const [log, setLog] = useState<LogEntry[]>();
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [error, setError] = useState<unknown>();

  const update = (id: string, next: (before: HolderProgress | undefined) => HolderProgress) =>
    setProgress((all) => ({ ...all, [id]: next(all[id]) }));

  const loadHolder = (id: string, cursor?: string) => {
    const kept = (p: HolderProgress | undefined) => (p && 'uses' in p ? p.uses : []);
    update(id, (p) => ({ state: 'loading', uses: kept(p) }));
    const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
    api
      .get<HolderUsagePage>(`/api/usage/holders/${encodeURIComponent(id)}?${query}`)
      .then((page) =>
        update(id, (p) => ({ state: 'done', uses: [...kept(p), ...page.usage], next: page.next_cursor })),
      )
      .catch((e: unknown) => {
        const reconnect = e instanceof ApiFailure && e.body.reconnect === true;
        update(id, (p) => ({ state: reconnect ? 'reconnect' : 'failed', uses: kept(p) }));
      });
  };

  const loadConsumerUses = (record: ConsentRecord) => {
    if (record.deletion.state === 'deleted') return;
    api
      .get<{ uses: ConsumerUse[] }>(`/api/consent-records/${record.id}/usage`)
      .then((r) => setConsumerUses((all) => ({ ...all, [record.id]: r.uses })))
      .catch(() => setConsumerUses((all) => ({ ...all, [record.id]: 'failed' })));
  };

  useEffect(() => {
    api
      .get<{ holders: UsageHolder[] }>('/api/usage/holders')
      .then((r) => {
        setHolders(r.holders);
        for (const holder of r.holders) {
          if (holder.connected_at) loadHolder(holder.id);
          else update(holder.id, () => ({ state: 'not_connected' }));
        }
      })
      .catch(setError);
    api
      .get<{ consent_records: ConsentRecord[] }>('/api/consent-records')
      .then((r) => {
        setRecords(r.consent_records);
        r.consent_records.forEach(loadConsumerUses);
      })
      .catch(setError);
    // The whole log is merged: every page of it (GET /api/log answers at most 1,000 at a time).
    readWholeLog().then(setLog).catch(setError);
    // Cases only thread the entries together: without them the view is still whole.
    api
      .get<{ cases: CaseSummary[] }>('/api/cases')
      .then((r) => setCases(r.cases))
      .catch(() => setCases([]));
  }, []);

  const replaceRecord = (record: ConsentRecord) =>
    setRecords((all) => all?.map((r) => (r.id === record.id ? record : r)));

  return { holders, progress, records, consumerUses, log, cases, error, loadHolder, replaceRecord };
}
