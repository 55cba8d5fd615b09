import type { Localized } from '../../api';

/** `GET /api/usage/holders`: the trust list's holders, and whether the wallet reads each one's log. */
export interface UsageHolder {
  id: string;
  name: Localized;
  connected_at: string | null;
}

/** One use at a holder, as the holder's `GET /{holder}/usage` answers it. */
export interface HolderUse {
  time: string;
  action: string;
  receiver: { name: string; org_number: string | null; system?: string | null };
  fields: string[];
  purpose: string;
  legal_basis: string;
}

export interface HolderUsagePage {
  usage: HolderUse[];
  next_cursor?: string;
}

/** `GET /api/consent-records` (docs/consent-records.md). */
export interface ConsentRecord {
  id: string;
  log_entry_id: string | null;
  presentation_request_id: string | null;
  verifier: { client_id: string; name: Localized | null };
  controller: { name: Localized; org_number: string; contact: { email: string } };
  purpose: string;
  legal_basis: { basis: string; article: string; description: Localized };
  received: Array<{ vct: string; claims: string[] }>;
  received_at: string;
  retention: { seconds: number; until: string };
  deletion: {
    state: 'none' | 'requested' | 'deleted' | 'refused' | 'failed';
    requested_at: string | null;
    reason: string | null;
    legal_ground?: Localized;
    retained_until?: string;
    deleted_at?: string;
  };
}

/** A consumer's later use of what a record covers (`GET /api/consent-records/{id}/usage`). */
export interface ConsumerUse {
  at: string;
  action: string;
  fields: string[];
  purpose: string | null;
}

/** Where an entry of the merged view comes from. */
export type UsageSource = 'holder' | 'consumer' | 'wallet';

/**
 * One entry of "Vem har tagit del?", whatever its source: who used what, when, why and on
 * which legal ground, and who reported it.
 */
export interface UsageEntry {
  key: string;
  time: string;
  source: UsageSource;
  /** The body that reported the use (the holder, the consumer; the wallet for its own log). */
  reportedBy: string;
  /** Who received or used the data. */
  who: string;
  orgNumber: string | null;
  action: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  /** The consent record behind a share, for "Begär radering". */
  record?: ConsentRecord;
  /** The case ("Mina ärenden") the share belongs to: the thread that ties its entries together. */
  case?: CaseRef;
}

/** A case, as far as the merged view names it. */
export interface CaseRef {
  id: string;
  title: string;
}
