import { withoutTrustAnchor } from '@min-profil/shared/pki/without-trust-anchor';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { WalletContext } from '../context.js';
import { loadProviderKey } from './provider-keys.js';

const zX5cFile = z.object({ x5c: z.array(z.string().min(1)).min(1).max(5) }).loose();

export interface WalletProviderSigner {
  privateKey: KeyObject;
  kid: string;
  /** Leaf (certifying the provider key) first, then the CA. */
  x5c: string[];
}

let cached: { file: string; stamp: string; x5c: string[] | undefined } | undefined;

function readChain(file: string): string[] | undefined {
  let stamp: string;
  try {
    const stat = statSync(file);
    stamp = `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
  if (cached?.file !== file || cached.stamp !== stamp) {
    let x5c: string[] | undefined;
    try {
      x5c = zX5cFile.parse(JSON.parse(readFileSync(file, 'utf8'))).x5c;
    } catch {
      x5c = undefined;
    }
    cached = { file, stamp, x5c };
  }
  return cached.x5c;
}

/**
 * The wallet provider's signing key with its certificate chain (docs/pki.md: role
 * `wallet-provider`), for what the provider attests — key attestations (OID4VCI 1.0 Appendix D).
 * The chain is read from `providerCertificateFile` (re-read when it changes) and used only while
 * its leaf certifies the provider key that signs now; otherwise undefined: nothing to attest with.
 */
export async function walletProviderSigner(ctx: WalletContext): Promise<WalletProviderSigner | undefined> {
  const file = ctx.settings.providerCertificateFile;
  if (!file) return undefined;
  const x5c = readChain(file);
  if (!x5c) return undefined;
  const key = await loadProviderKey(ctx);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(Buffer.from(x5c[0]!, 'base64'));
  } catch {
    return undefined;
  }
  const certified = leaf.publicKey.export({ format: 'jwk' });
  const nowMs = ctx.now() * 1000;
  if (
    certified.x !== key.publicJwk.x ||
    certified.y !== key.publicJwk.y ||
    nowMs < Date.parse(leaf.validFrom) ||
    nowMs > Date.parse(leaf.validTo)
  ) {
    return undefined;
  }
  return { privateKey: key.privateKey, kid: key.kid, x5c: withoutTrustAnchor(x5c) };
}
