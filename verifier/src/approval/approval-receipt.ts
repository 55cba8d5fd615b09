import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { signCompactJwt } from '@min-profil/shared/sd-jwt/jws';
import { hashTransactionData } from '@min-profil/shared/sd-jwt/verify-key-binding-jwt';
import { hashDocument } from '@min-profil/shared/openid4vp/transaction-data';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import type { ApprovalEvidence, ApprovalRow } from '../persistence/approval-entities.js';

/** The receipt's JWS `typ`. */
export const APPROVAL_RECEIPT_TYP = 'approval-receipt+jwt';

/**
 * The named checks of a receipt, in order; the first failure ends the check:
 * `receipt_format` (a JWS of our `typ`), `receipt_signer` (its `iss` is a consumer hosted here),
 * `receipt_signature` (by that consumer's key), `receipt_evidence` (we hold the evidence under its
 * `jti` and it says the same: request, document hash, approver), `document_hash` (the stored
 * document still hashes to it), `transaction_data` (every stored presentation's KB-JWT hashes the
 * request's transaction data, which names this request and document).
 */
export type ReceiptCheckName =
  | 'receipt_format'
  | 'receipt_signer'
  | 'receipt_signature'
  | 'receipt_evidence'
  | 'document_hash'
  | 'transaction_data';

export interface ReceiptCheck {
  name: ReceiptCheckName;
  passed: boolean;
  detail?: string;
}

export interface ReceiptClaims {
  iss: string;
  jti: string;
  iat: number;
  approval_request_id: string;
  consumer: string;
  title: string;
  media_type: string;
  document_hash: string;
  document_hash_alg: 'sha-256';
  transaction_data_hash: string;
  approver: Record<string, unknown>;
  approved_at: string;
}

/** Signs the receipt with the consumer's key (the one its request objects are signed with). */
export async function issueApprovalReceipt(options: {
  consumer: ConsumerRuntime;
  approval: ApprovalRow;
  approver: Record<string, unknown>;
  now: number;
}): Promise<{ receiptId: string; receipt: string; claims: ReceiptClaims }> {
  const { consumer, approval, now } = options;
  const claims: ReceiptClaims = {
    iss: consumer.keys.clientId,
    jti: randomUUID(),
    iat: now,
    approval_request_id: approval.id,
    consumer: consumer.config.id,
    title: approval.title,
    media_type: approval.mediaType,
    document_hash: approval.documentHash,
    document_hash_alg: 'sha-256',
    transaction_data_hash: hashTransactionData({ transactionData: approval.transactionData }),
    approver: options.approver,
    approved_at: new Date(now * 1000).toISOString(),
  };
  const receipt = await signCompactJwt({
    header: { alg: 'ES256', typ: APPROVAL_RECEIPT_TYP, kid: consumer.keys.signingKid },
    payload: { ...claims },
    privateKey: consumer.keys.signing.signer,
  });
  return { receiptId: claims.jti, receipt, claims };
}

class ReceiptCheckFailed extends Error {}

/** Checks a receipt again: its signature, then against the evidence stored under its id. */
export async function verifyApprovalReceipt(options: { ctx: VerifierContext; receipt: string }): Promise<{
  valid: boolean;
  checks: ReceiptCheck[];
  reason?: ReceiptCheckName;
  claims?: ReceiptClaims;
  approval?: ApprovalRow;
}> {
  const { ctx, receipt } = options;
  const checks: ReceiptCheck[] = [];
  const pass = (name: ReceiptCheckName, detail?: string) =>
    checks.push({ name, passed: true, ...(detail ? { detail } : {}) });
  const fail = (name: ReceiptCheckName, detail: string): never => {
    checks.push({ name, passed: false, detail });
    throw new ReceiptCheckFailed(detail);
  };
  let claims: ReceiptClaims | undefined;
  let approval: ApprovalRow | undefined;
  try {
    let header: Record<string, unknown>;
    let unverified: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(receipt) as Record<string, unknown>;
      unverified = decodeJwt(receipt) as Record<string, unknown>;
    } catch {
      return fail('receipt_format', 'the receipt is not a compact JWS');
    }
    if (header.typ !== APPROVAL_RECEIPT_TYP)
      fail('receipt_format', `the receipt typ is not ${APPROVAL_RECEIPT_TYP}`);
    pass('receipt_format');
    const consumer = [...ctx.consumers.values()].find((c) => c.keys.clientId === unverified.iss);
    if (!consumer) fail('receipt_signer', 'the receipt was not issued by a consumer of this verifier');
    pass('receipt_signer', consumer!.config.id);
    try {
      const verified = await jwtVerify(receipt, consumer!.keys.signing.publicKey, {
        typ: APPROVAL_RECEIPT_TYP,
        algorithms: ['ES256'],
      });
      claims = verified.payload as unknown as ReceiptClaims;
    } catch {
      fail('receipt_signature', "the receipt's signature does not verify with the consumer's key");
    }
    pass('receipt_signature');
    const stored =
      typeof claims!.jti === 'string' ? await ctx.approvals.findApprovalByReceiptId(claims!.jti) : null;
    if (!stored || !stored.evidence || stored.receipt === null) {
      fail('receipt_evidence', 'no approval evidence is stored under this receipt id');
    }
    approval = stored!;
    if (
      stored!.receipt !== receipt ||
      stored!.id !== claims!.approval_request_id ||
      stored!.documentHash !== claims!.document_hash ||
      JSON.stringify(stored!.evidence!.claims) !== JSON.stringify(claims!.approver)
    ) {
      fail('receipt_evidence', 'the receipt does not match the stored evidence');
    }
    pass('receipt_evidence');
    if (hashDocument(Buffer.from(stored!.document, 'base64')) !== claims!.document_hash) {
      fail('document_hash', 'the stored document does not hash to the receipt document_hash');
    }
    pass('document_hash');
    checkTransactionDataEvidence(stored!, claims!, fail);
    pass('transaction_data');
    return { valid: true, checks, claims, approval };
  } catch (error) {
    if (!(error instanceof ReceiptCheckFailed)) throw error;
    const failed = checks.find((c) => !c.passed)!;
    return { valid: false, checks, reason: failed.name, claims, approval };
  }
}

function checkTransactionDataEvidence(
  stored: ApprovalRow,
  claims: ReceiptClaims,
  fail: (name: ReceiptCheckName, detail: string) => never,
): void {
  let td: Record<string, unknown>;
  try {
    td = JSON.parse(Buffer.from(stored.transactionData, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return fail('transaction_data', 'the stored transaction data is not JSON');
  }
  if (td.request_id !== claims.approval_request_id || td.document_hash !== claims.document_hash) {
    fail('transaction_data', 'the transaction data names another request or document');
  }
  const want = hashTransactionData({ transactionData: stored.transactionData });
  if (want !== claims.transaction_data_hash)
    fail('transaction_data', 'the receipt hashes other transaction data');
  const evidence = stored.evidence as ApprovalEvidence;
  const presentations = Object.values(evidence.vp_token).flat();
  if (presentations.length === 0) fail('transaction_data', 'the evidence holds no presentation');
  for (const presentation of presentations) {
    const kbJwt =
      typeof presentation === 'string' ? presentation.slice(presentation.lastIndexOf('~') + 1) : '';
    let hashes: unknown;
    try {
      hashes = decodeJwt(kbJwt).transaction_data_hashes;
    } catch {
      fail('transaction_data', 'a stored presentation has no KB-JWT');
    }
    if (!Array.isArray(hashes) || !hashes.includes(want)) {
      fail('transaction_data', "a stored presentation's KB-JWT does not hash the transaction data");
    }
  }
}
