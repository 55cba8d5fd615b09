/** The wallet's JSON API (see /api/openapi.json), with the session's CSRF token on writes. */
export interface ApiError {
  error: string;
  error_description: string;
  [key: string]: unknown;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.error_description || body.error);
  }
}

let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    throw new ApiFailure(
      response.status,
      (json as ApiError) ?? { error: 'server_error', error_description: '' },
    );
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

export type Localized = Record<string, string>;

export interface Session {
  signed_in: boolean;
  identity_number?: string;
  csrf_token?: string;
  login_url?: string;
  /** How long unlocked passkey keys stay usable unused (WALLET_KEY_IDLE_SECONDS). */
  key_idle_seconds?: number;
}

export interface Claim {
  name: string;
  label: Localized;
  value: unknown;
  selectively_disclosable: boolean;
}

export interface Credential {
  id: string;
  state: 'pending' | 'deferred' | 'stored';
  format: string;
  vct: string | null;
  credential_configuration_id: string;
  name: Localized;
  description: Localized;
  background_color: string | null;
  text_color: string | null;
  issuer: { credential_issuer: string; name: Localized; trusted: boolean; claimed_name: Localized | null };
  issued_at: string | null;
  expires_at: string | null;
  received_at: string;
  status: string;
  copies: number;
  /** False: the credential names no holder (no personal identity or coordination number). */
  names_holder: boolean | null;
  claims?: Claim[];
}

export interface Offer {
  id: string;
  state: 'pending' | 'deferred' | 'stored';
  /** Only this page can ask for it again (its token's DPoP key is the page's). */
  poll_in_page?: true;
  credentials: Credential[];
}

export interface Holder {
  id: string;
  name: Localized;
  credential_issuer: string;
  credential_types: Array<{
    format: string;
    type: string;
    credential_configuration_id: string;
    name: Localized;
  }>;
}

export interface CredentialQuery {
  id: string;
  format: string;
  /** DCQL `multiple`: every match is sent (a guardian credential per child). */
  multiple?: boolean;
  /** False for a credential_sets alternative the answer leaves out. */
  in_answer?: boolean;
  types: string[];
  claims: Array<{ name: string; path: unknown[]; label: Localized }>;
  matches: Array<{
    credential_id: string;
    name: Localized;
    acts_for?: PartyRef | null;
    issuer: { name?: Localized; credential_issuer?: string | null; trusted: boolean | null };
    claims_to_send: Array<{ name: string; value: unknown; label: Localized }>;
    claims_always_sent: Array<{ name: string; value: unknown; label: Localized }>;
  }>;
  missing: boolean;
  holders: Array<{
    id: string;
    name: Localized;
    credential_issuer: string;
    credential_configuration_ids: string[];
  }>;
}

/** A party the person may act for ("Jag företräder", GET /api/representation). */
export interface PartyRef {
  id: string;
  kind: 'child' | 'company' | 'principal';
  name: string;
}

export interface PartyProof {
  credential_id: string;
  name: Localized;
  issuer_name: Localized;
  expires_at: string | null;
}

export interface RepresentedParty extends PartyRef {
  identifier: { type: string; value: string };
  proven_by: PartyProof[];
}

export interface PresentationRequest {
  id: string;
  acting_for?: string | null;
  /** On whose behalf the data go, each with the credential that proves the person may. */
  on_behalf_of?: Array<PartyRef & { proven_by: PartyProof[] }>;
  state: 'open' | 'answered' | 'expired';
  verifier: {
    client_id: string;
    client_id_prefix: string;
    verified: boolean;
    registered: boolean;
    name: Localized | null;
    purposes: Localized[];
    /** Checked registration certificates from the request's verifier_info. */
    registration_certificates?: Array<{
      name: string;
      purpose: Localized;
      privacy_policy: string | null;
      intended_use_id: string | null;
      agrees_with_trust_list: boolean | null;
    }>;
  };
  purpose?: string | null;
  warnings: Array<{ code: string; message: string; claims?: Array<{ type: string; claims: string[] }> }>;
  credential_queries: CredentialQuery[];
  can_answer: boolean;
  /** Set when the wallet will not answer at all: the asker cannot be identified. */
  refusal?: { error: string; reason: string; message: Localized } | null;
  /** Documents to approve (OpenID4VP 1.0 transaction_data). */
  transaction_data?: ApprovalDocumentView[];
  /** The asker wants later changes too, until withdrawn (docs/standing-permissions.md). */
  standing_permission?: {
    requested: true;
    consumer: { client_id: string; name: Localized | null };
    credential_ids: string[];
    fields: string[];
    /** A company's contact profile would go (issue #21): the permission is then the company's. */
    company?: { org_number: string; name: string };
  } | null;
  /** Came through the Digital Credentials API from this page (OpenID4VP 1.0 Appendix A). */
  dc_api?: { origin: string; protocol: string } | null;
  /** The asker wants to open a case with the answer (docs/cases.md). */
  case?: {
    requested: true;
    title: string;
    reference: string;
    consumer: { client_id: string; name: Localized | null };
  } | null;
}

export interface ApprovalDocumentView {
  type: string;
  title: string;
  media_type: 'application/pdf' | 'application/json';
  document_hash: string;
  document_verified: boolean;
  document_url: string;
  text_preview?: string[];
  content?: unknown;
}

export interface ApprovalRecord {
  id: string;
  verifier: { client_id: string; name: Localized | null };
  title: string;
  media_type: string;
  document_hash: string;
  approved_at: string;
  document_url: string;
}

export interface PresentationAnswer {
  decision: 'approve' | 'decline';
  delivered: boolean;
  redirect_uri: string | null;
  standing_permission?: { id: string; fields: string[] } | null;
  case?: { id: string } | null;
  /** A Digital Credentials API answer: handed back to the page that asked. */
  dc_api?: { origin: string };
}

export interface LogEntry {
  id: string;
  at: string;
  event:
    | 'issuance'
    | 'presentation'
    | 'refusal'
    | 'deletion'
    | 'profile_change'
    | 'standing_permission'
    | 'profile_delivery'
    | 'case';
  counterparty: string;
  counterparty_name: Localized | null;
  counterparty_trusted: boolean | null;
  credential_types: string[];
  /** Per claim name its display name from the type metadata, or null (then the name is shown). */
  claim_labels?: Array<Localized | null>;
  claims: string[];
  purpose: Localized | null;
  outcome: string;
  /** The case the entry belongs to: a case's `log_thread` (docs/cases.md), else null. */
  thread?: string | null;
}

export interface ProfileDelivery {
  id: string;
  kind: 'update' | 'withdrawal';
  status: 'pending' | 'delivered' | 'superseded' | 'rejected';
  profile_version: number;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface StandingPermission {
  id: string;
  consumer: { client_id: string; name: Localized | null };
  fields: string[];
  granted_fields: string[];
  status: 'active' | 'withdrawn';
  withdrawn_by: 'person' | 'consumer' | null;
  since: string;
  withdrawn_at: string | null;
  last_delivered_at: string | null;
  last_delivered_version: number | null;
  pending_deliveries: number;
  retrying_deliveries: ProfileDelivery[];
  failed_deliveries: ProfileDelivery[];
}

export interface StandingConsumer {
  id: string;
  name: Localized;
  client_id: string;
  fields: string[];
  purposes: Localized[];
}
