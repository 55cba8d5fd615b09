import type { Localized } from '../../api';

/** `GET /api/cases` (wallet/src/cases/describe-cases.ts). */
export interface CaseSummary {
  id: string;
  title: string;
  reference: string;
  consumer: { id: string; client_id: string; name: Localized | null };
  status: 'open' | 'stopped' | 'closed';
  waiting_for_me: boolean;
  /** The shares that belong to the case: the one that opened it, then each answer from it. */
  presentation_request_ids: string[];
  last_event: { type: string; seq: number; at: string } | null;
  decision: { title: string | null } | null;
  opened_at: string;
  last_activity_at: string;
  stopped_at: string | null;
  /** The `thread` of the case's entries in the person's log. */
  log_thread: string;
}

export interface TimelineItem {
  kind: 'shared' | 'event' | 'answered' | 'stopped';
  at: string | null;
  id?: string;
  seq?: number;
  type?: 'received' | 'in_progress' | 'needs_information' | 'decision' | 'closed';
  title?: string | null;
  message?: string | null;
  document?: { media_type: string; title: string; document_hash: string; url: string };
  answer?: { status: 'waiting' | 'answered' | 'expired'; presentation_request_id: string | null };
  in_reply_to?: number;
}

export interface CaseDetail extends CaseSummary {
  timeline: TimelineItem[];
}
