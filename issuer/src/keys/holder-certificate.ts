import { withoutTrustAnchor } from '@min-profil/shared/pki/without-trust-anchor';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { HolderKey } from './holder-keys.js';

/** `<holder>.x5c.json` as the demo CA writes it (`npm run ca -- issue`): leaf first, then the CA. */
const zX5cFile = z.object({ x5c: z.array(z.string().min(1)).min(1).max(5) }).loose();

interface CachedFile {
  stamp: string;
  x5c: string[] | undefined;
  /** Why the file is not used, said once per version of the file. */
  problem?: string;
}

const cache = new Map<string, CachedFile>();

function readChain(file: string): Pick<CachedFile, 'x5c' | 'problem'> {
  try {
    const parsed = zX5cFile.parse(JSON.parse(readFileSync(file, 'utf8')));
    return { x5c: parsed.x5c };
  } catch {
    return { x5c: undefined, problem: `${file} is not { "x5c": [base64 DER, …] }` };
  }
}

function certifiesKey(leaf: X509Certificate, key: HolderKey): boolean {
  const jwk = leaf.publicKey.export({ format: 'jwk' });
  return jwk.crv === key.publicJwk.crv && jwk.x === key.publicJwk.x && jwk.y === key.publicJwk.y;
}

/**
 * The certificate chain of a holder's signing key, for the `x5c` header of what it signs
 * (docs/issuer.md "Signed with x5c"): `<dir>/<holder id>.x5c.json`, re-read when the file changes.
 * Used only while its leaf certifies the key that signs now and is within its validity period,
 * so a key rotation without a new certificate falls back to `kid` alone rather than sending a
 * chain that names another key. Undefined when there is no folder, file or fitting certificate.
 */
export function holderCertificateChain(options: {
  dir: string | undefined;
  holderId: string;
  active: HolderKey;
  now: number;
  warn: (message: string) => void;
}): string[] | undefined {
  if (!options.dir) return undefined;
  const file = join(options.dir, `${options.holderId}.x5c.json`);
  let stamp: string;
  try {
    const stat = statSync(file);
    stamp = `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined; // no certificate for this holder: it signs with kid alone, as before
  }
  let cached = cache.get(file);
  if (cached?.stamp !== stamp) {
    cached = { stamp, ...readChain(file) };
    cache.set(file, cached);
    if (cached.problem) options.warn(`holder certificate not used: ${cached.problem}`);
  }
  if (!cached.x5c) return undefined;
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(Buffer.from(cached.x5c[0], 'base64'));
  } catch {
    return undefined;
  }
  const nowMs = options.now * 1000;
  if (
    !certifiesKey(leaf, options.active) ||
    nowMs < Date.parse(leaf.validFrom) ||
    nowMs > Date.parse(leaf.validTo)
  ) {
    const problem = `the certificate in ${file} does not certify the active key of ${options.holderId} or is outside its validity`;
    if (cached.problem !== problem) options.warn(`holder certificate not used: ${problem}`);
    cached.problem = problem;
    return undefined;
  }
  return withoutTrustAnchor(cached.x5c);
}
