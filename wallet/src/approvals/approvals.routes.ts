import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { openJson } from '../crypto/data-keys.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import type { ApprovalRecordRow, SealedApproval } from '../persistence/approval-entities.js';
import { approvalAad } from '../presentation/keep-approvals.js';
import { sendDocument } from '../presentation/send-document.js';

export function describeApprovalRecord(row: ApprovalRecordRow) {
  return {
    id: row.id,
    presentation_request_id: row.presentationRequestId,
    verifier: { client_id: row.clientId, name: row.counterpartyName },
    title: row.title,
    media_type: row.mediaType,
    document_hash: row.documentHash,
    approved_at: new Date(row.approvedAt * 1000).toISOString(),
    document_url: `/api/approvals/${row.id}/document`,
  };
}

/** What the person approved: the list, one approval with what went out, the document. */
export function approvalsRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  router.get('/api/approvals', auth, async (_req, res) => {
    const { account } = personOf(res);
    const rows = await ctx.store.listApprovals(account.id);
    res.set('Cache-Control', 'no-store').json({ approvals: rows.map(describeApprovalRecord) });
  });

  const load = async (res: import('express').Response, id: string) => {
    const { account } = personOf(res);
    const row = await ctx.store.findApproval(account.id, id);
    if (!row) throw new OAuthError('not_found', 'no such approval');
    return {
      row,
      sealed: openJson<SealedApproval>(dataKeyOf(ctx, account), approvalAad(row.id), row.sealed),
    };
  };

  router.get('/api/approvals/:id', auth, async (req, res) => {
    const { row, sealed } = await load(res, req.params.id as string);
    res.set('Cache-Control', 'no-store').json({
      ...describeApprovalRecord(row),
      claims: sealed.claims,
      transaction_data: sealed.transaction_data,
    });
  });

  router.get('/api/approvals/:id/document', auth, async (req, res) => {
    const { row, sealed } = await load(res, req.params.id as string);
    sendDocument(res, row.mediaType, Buffer.from(sealed.document, 'base64'));
  });
  return router;
}
