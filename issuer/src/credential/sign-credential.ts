import type { JWK } from 'jose';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import type { HolderRuntime, IssuerContext } from '../context.js';
import type { CredentialConfiguration } from '../holders/holder-types.js';
import { endpointsFor, vctFor } from '../metadata/endpoints.js';
import { freshKeys } from '../keys/fresh-keys.js';
import { holderSigner } from '../keys/holder-signer.js';
import { createDisclosureFrame } from './disclosure-frame.js';

export interface CredentialSubjectData {
  claims: Record<string, unknown>;
  holderJwk: JWK;
  status: { listId: number; idx: number };
  issuedAt: number;
  expiresAt?: number;
}

/** Signs one credential in the configuration's format, bound to the holder's key. */
export async function signCredential(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  configuration: CredentialConfiguration;
  subject: CredentialSubjectData;
}): Promise<string> {
  const { ctx, holder, configuration, subject } = options;
  const statusUri = endpointsFor(holder.issuerUrl).statusList(subject.status.listId);
  if (configuration.format === 'dc+sd-jwt') {
    const signer = await holderSigner(ctx, holder);
    return issueSdJwtVc({
      issuer: holder.issuerUrl,
      vct: vctFor(holder.issuerUrl, configuration),
      claims: subject.claims,
      disclosureFrame: createDisclosureFrame(configuration, subject.claims),
      holderJwk: subject.holderJwk,
      status: { idx: subject.status.idx, uri: statusUri },
      issuedAt: subject.issuedAt,
      expiresAt: subject.expiresAt,
      signer,
    });
  }
  const { active } = await freshKeys(ctx, holder);
  // jwt_vc_json through Veramo's credential-w3c, for consumers that want the W3C data model.
  const holderDid = `did:jwk:${Buffer.from(JSON.stringify(subject.holderJwk)).toString('base64url')}`;
  const credential = await ctx.keys.agent.createVerifiableCredential({
    proofFormat: 'jwt',
    // The active key, not whichever key Veramo would pick from the DID, named in the header
    // as the did:web verification method a verifier resolves.
    keyRef: active.signingKey.kmsKid,
    header: { kid: `${active.did}#${active.kid}` },
    credential: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential', configuration.typeName],
      issuer: { id: active.did },
      issuanceDate: new Date(subject.issuedAt * 1000).toISOString(),
      ...(subject.expiresAt ? { expirationDate: new Date(subject.expiresAt * 1000).toISOString() } : {}),
      credentialSubject: { id: holderDid, ...subject.claims },
      // Token Status List §6.1: the `status` claim at the top of the JWT (not under `vc`), where
      // every status list reader looks. Credentials issued before carry `vc.credentialStatus`.
      status: { status_list: { idx: subject.status.idx, uri: statusUri } },
    },
  });
  return credential.proof.jwt as string;
}
