import { fromBase64url, toBase64url } from './base64url';

/**
 * WebAuthn options from their JSON form (the server's) and credentials to the JSON form the
 * server reads. Done by hand rather than with `PublicKeyCredential.toJSON()`: that would also
 * serialise the PRF results, and the PRF output must never leave the page.
 */
type Json = Record<string, unknown>;

interface DescriptorJson {
  id: string;
  transports?: AuthenticatorTransport[];
}

/** The server's registration options (`@simplewebauthn/server`, plus `extensions.prf`). */
export interface CreationOptionsJson {
  challenge: string;
  rp: PublicKeyCredentialRpEntity;
  user: { id: string; name: string; displayName: string };
  pubKeyCredParams: PublicKeyCredentialParameters[];
  timeout?: number;
  attestation?: AttestationConveyancePreference;
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  excludeCredentials?: DescriptorJson[];
  extensions: { prf: { eval: { first: string } } };
}

export interface RequestOptionsJson {
  challenge: string;
  rpId?: string;
  timeout?: number;
  userVerification?: UserVerificationRequirement;
  allowCredentials?: DescriptorJson[];
  extensions: { prf: { evalByCredential: Record<string, { first: string }> } };
}

const descriptor = (d: DescriptorJson): PublicKeyCredentialDescriptor => ({
  type: 'public-key',
  id: fromBase64url(d.id),
  transports: d.transports,
});

export function creationOptions(json: CreationOptionsJson): PublicKeyCredentialCreationOptions {
  return {
    challenge: fromBase64url(json.challenge),
    rp: json.rp,
    user: { ...json.user, id: fromBase64url(json.user.id) },
    pubKeyCredParams: json.pubKeyCredParams,
    timeout: json.timeout,
    attestation: json.attestation,
    authenticatorSelection: json.authenticatorSelection,
    excludeCredentials: (json.excludeCredentials ?? []).map(descriptor),
    extensions: {
      prf: { eval: { first: fromBase64url(json.extensions.prf.eval.first) } },
    } as AuthenticationExtensionsClientInputs,
  };
}

export function requestOptions(json: RequestOptionsJson, only?: string): PublicKeyCredentialRequestOptions {
  const allow = (json.allowCredentials ?? []).filter((d) => only === undefined || d.id === only);
  const evalByCredential = Object.fromEntries(
    Object.entries(json.extensions.prf.evalByCredential)
      .filter(([id]) => only === undefined || id === only)
      .map(([id, values]) => [id, { first: fromBase64url(values.first) }]),
  );
  return {
    challenge: fromBase64url(json.challenge),
    rpId: json.rpId,
    timeout: json.timeout,
    userVerification: json.userVerification,
    allowCredentials: allow.map(descriptor),
    extensions: { prf: { evalByCredential } } as AuthenticationExtensionsClientInputs,
  };
}

interface PrfResults {
  enabled?: boolean;
  results?: { first?: ArrayBuffer };
}

export function prfOf(credential: PublicKeyCredential): PrfResults | undefined {
  return (credential.getClientExtensionResults() as { prf?: PrfResults }).prf;
}

export function registrationJson(credential: PublicKeyCredential): Json {
  const response = credential.response as AuthenticatorAttestationResponse;
  const prf = prfOf(credential);
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: 'public-key',
    response: {
      clientDataJSON: toBase64url(response.clientDataJSON),
      attestationObject: toBase64url(response.attestationObject),
      transports: response.getTransports?.() ?? [],
    },
    // Only whether PRF works, never its output.
    clientExtensionResults: { prf: { enabled: prf?.enabled === true || prf?.results?.first !== undefined } },
    ...(credential.authenticatorAttachment
      ? { authenticatorAttachment: credential.authenticatorAttachment }
      : {}),
  };
}

export function assertionJson(credential: PublicKeyCredential): Json {
  const response = credential.response as AuthenticatorAssertionResponse;
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: 'public-key',
    response: {
      clientDataJSON: toBase64url(response.clientDataJSON),
      authenticatorData: toBase64url(response.authenticatorData),
      signature: toBase64url(response.signature),
      ...(response.userHandle ? { userHandle: toBase64url(response.userHandle) } : {}),
    },
    clientExtensionResults: {},
    ...(credential.authenticatorAttachment
      ? { authenticatorAttachment: credential.authenticatorAttachment }
      : {}),
  };
}
