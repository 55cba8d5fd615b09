// The page code the passkey browser tests load (see passkey-page.ts).
export { setCsrfToken } from '../../wallet/web/src/api.js';
export {
  addPasskey,
  registerPasskey,
  unlock,
  PrfUnsupported,
} from '../../wallet/web/src/passkeys/passkey-client.js';
export { createHolderKey, signJws, UnwrapFailure } from '../../wallet/web/src/passkeys/key-vault.js';
export {
  assertionJson,
  creationOptions,
  registrationJson,
  requestOptions,
} from '../../wallet/web/src/passkeys/webauthn-json.js';
export { keepUnlocked, unlockedKeys, forgetUnlocked } from '../../wallet/web/src/passkeys/unlocked-keys.js';
export { completeSigningRequest, isSigningRequest } from '../../wallet/web/src/passkeys/signing-request.js';
export { receiveOffer, makeHolderKeys } from '../../wallet/web/src/passkeys/receive-in-page.js';
