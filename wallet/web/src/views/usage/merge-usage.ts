import type { LogEntry } from '../../api';
import { pick } from '../../i18n';
import type { CaseSummary } from '../cases/case-types';
import type { CaseRef, ConsentRecord, ConsumerUse, HolderUse, UsageEntry, UsageHolder } from './usage-types';
import { fieldText, ut } from './usage-texts';

/**
 * The three sources of "Vem har tagit del?" as one list: holders' usage logs, consumers'
 * consent records (each share) with their later uses, and the wallet's own log of shares that
 * no record covers (the Digital Credentials API flow, or a consumer that returned none).
 */

export function holderEntries(holder: UsageHolder, uses: HolderUse[]): UsageEntry[] {
  const name = pick(holder.name, holder.id);
  return uses.map((use, i) => ({
    key: `holder:${holder.id}:${use.time}:${i}`,
    time: use.time,
    source: 'holder',
    reportedBy: name,
    // The holder's own staff: named as the trust list names the holder (its own definition, in
    // the person's language), not by the Swedish name its log carries.
    who: use.receiver.name === holder.name.sv ? name : use.receiver.name,
    orgNumber: use.receiver.org_number,
    action: use.action,
    fields: use.fields,
    purpose: use.purpose,
    legalBasis: use.legal_basis,
  }));
}

const recordWho = (record: ConsentRecord) => pick(record.controller.name, record.verifier.client_id);
const recordBasis = (record: ConsentRecord) =>
  `${pick(record.legal_basis.description, record.legal_basis.basis)} (${record.legal_basis.article})`;

/**
 * Which case each share belongs to, by the wallet's presentation request: the share that opened
 * a case and each answer given from it (`GET /api/cases`, `presentation_request_ids`).
 */
export function casesByShare(cases: CaseSummary[]): Map<string, CaseRef> {
  const byShare = new Map<string, CaseRef>();
  for (const c of cases)
    for (const id of c.presentation_request_ids ?? []) byShare.set(id, { id: c.id, title: c.title });
  return byShare;
}

const caseOf = (record: ConsentRecord, cases: Map<string, CaseRef>) =>
  record.presentation_request_id ? cases.get(record.presentation_request_id) : undefined;

/** The share a consent record acknowledges. */
export function recordEntry(record: ConsentRecord, cases = new Map<string, CaseRef>()): UsageEntry {
  const kase = caseOf(record, cases);
  return {
    key: `record:${record.id}`,
    time: record.received_at,
    source: 'consumer',
    reportedBy: recordWho(record),
    who: recordWho(record),
    orgNumber: record.controller.org_number,
    action: 'shared',
    fields: record.received.flatMap((r) => r.claims),
    purpose: record.purpose,
    legalBasis: recordBasis(record),
    record,
    ...(kase ? { case: kase } : {}),
  };
}

/** What the consumer did later with what the record covers, as it reports it. */
export function consumerUseEntries(
  record: ConsentRecord,
  uses: ConsumerUse[],
  cases = new Map<string, CaseRef>(),
): UsageEntry[] {
  const kase = caseOf(record, cases);
  return uses.map((use, i) => ({
    key: `record-use:${record.id}:${use.at}:${i}`,
    time: use.at,
    source: 'consumer',
    reportedBy: recordWho(record),
    who: recordWho(record),
    orgNumber: record.controller.org_number,
    action: use.action,
    fields: use.fields,
    purpose: use.purpose ?? record.purpose,
    legalBasis: recordBasis(record),
    ...(kase ? { case: kase } : {}),
  }));
}

/** The wallet's own log: shares and deliveries that no consent record already stands for. */
export function walletEntries(log: LogEntry[], records: ConsentRecord[]): UsageEntry[] {
  const covered = new Set(records.map((r) => r.log_entry_id).filter((id) => id !== null));
  return log
    .filter(
      (e) =>
        !covered.has(e.id) &&
        ((e.event === 'presentation' && e.outcome === 'sent') ||
          (e.event === 'profile_delivery' && e.outcome.startsWith('delivered'))),
    )
    .map((e) => ({
      key: `log:${e.id}`,
      time: e.at,
      source: 'wallet',
      reportedBy: ut('yourWallet'),
      who: pick(e.counterparty_name ?? undefined, e.counterparty),
      orgNumber: null,
      action: e.event === 'presentation' ? 'shared' : 'delivered',
      fields: e.claims,
      purpose: pick(e.purpose ?? undefined, ''),
      legalBasis: ut('yourApproval'),
    }));
}

export type Period = 'all' | '30' | '365';

export interface UsageFilter {
  who: string;
  field: string;
  period: Period;
  /** A case's id: only the entries of that case. */
  case: string;
}

/** Newest first, narrowed by body, by kind of data and by period. */
export function filterEntries(entries: UsageEntry[], filter: UsageFilter, now: number): UsageEntry[] {
  const since = filter.period === 'all' ? -Infinity : now - Number(filter.period) * 86_400_000;
  return entries
    .filter(
      (e) =>
        (!filter.who || e.who === filter.who) &&
        (!filter.field || e.fields.some((f) => fieldText(f) === filter.field)) &&
        (!filter.case || e.case?.id === filter.case) &&
        Date.parse(e.time) >= since,
    )
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || a.key.localeCompare(b.key));
}

/** What the person may export: the entries as shown, without the signed records' internals. */
export function exportRows(entries: UsageEntry[]) {
  return entries.map((e) => ({
    time: e.time,
    source: e.source,
    reported_by: e.reportedBy,
    who: e.who,
    org_number: e.orgNumber,
    action: e.action,
    fields: e.fields,
    purpose: e.purpose,
    legal_basis: e.legalBasis,
    ...(e.record ? { consent_record_id: e.record.id, deletion: e.record.deletion.state } : {}),
    ...(e.case ? { case: e.case.title } : {}),
  }));
}

const csvCell = (value: unknown) => {
  const text = Array.isArray(value)
    ? value.join('; ')
    : value === null || value === undefined
      ? ''
      : String(value);
  // RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet shows it as text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export function toCsv(entries: UsageEntry[]): string {
  const rows = exportRows(entries);
  const header = [
    'time',
    'source',
    'reported_by',
    'who',
    'org_number',
    'action',
    'fields',
    'purpose',
    'legal_basis',
  ];
  const lines = rows.map((r) => header.map((h) => csvCell(r[h as keyof typeof r])).join(','));
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
