import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { loadCaState } from '../pki/ca-folder.js';
import { issueLeaf } from '../pki/ca-commands.js';
import type { TrustedConsumer } from '../trust-list/z-trust-list.js';
import { registrationCertificateClaims } from './registration-certificate-claims.js';
import { signRegistrationCertificate } from './sign-registration-certificate.js';

/**
 * The demo registrar: a leaf of role `registrar` whose key the CA keeps in its folder. An
 * unrevoked one valid for at least another day is reused; otherwise a new one is issued.
 */
export async function demoRegistrar(
  caDir: string,
  options: { host: string; now?: Date },
): Promise<{ privateJwk: JWK; x5c: string[] }> {
  const now = options.now ?? new Date();
  const usable = loadCaState(caDir).issued.find(
    (c) =>
      c.role === 'registrar' &&
      !c.revoked_at &&
      c.key_file &&
      new Date(c.not_after).getTime() > now.getTime() + 24 * 3600_000,
  );
  if (usable) {
    const { x5c } = JSON.parse(readFileSync(join(caDir, `${usable.serial}.x5c.json`), 'utf8')) as {
      x5c: string[];
    };
    return { privateJwk: JSON.parse(readFileSync(join(caDir, usable.key_file!), 'utf8')) as JWK, x5c };
  }
  const issued = await issueLeaf({
    dir: caDir,
    subject: { role: 'registrar', name: 'Min profil demo registrar', host: options.host },
    now,
  });
  return { privateJwk: issued.privateJwk as JWK, x5c: issued.x5c };
}

/**
 * One registration certificate per registration of each consumer in the trust list, signed by the
 * demo registrar: `{ "<consumer id>": ["<rc-wrp+jwt>", …] }`, what the verifier's
 * `VERIFIER_REGISTRATION_CERTIFICATES` file holds (docs/verifier.md).
 */
export async function issueRegistrationCertificates(options: {
  caDir: string;
  registrarHost: string;
  consumers: readonly TrustedConsumer[];
  privacyPolicies?: Record<string, string>;
  now?: Date;
}): Promise<Record<string, string[]>> {
  const registrar = await demoRegistrar(options.caDir, { host: options.registrarHost, now: options.now });
  const result: Record<string, string[]> = {};
  for (const consumer of options.consumers) {
    result[consumer.id] = await Promise.all(
      consumer.registrations.map((registration, index) =>
        signRegistrationCertificate({
          claims: registrationCertificateClaims(consumer, registration, {
            privacyPolicy: options.privacyPolicies?.[consumer.id],
            intendedUseId: `${consumer.id}-${index + 1}`,
          }),
          registrarPrivateJwk: registrar.privateJwk,
          registrarX5c: registrar.x5c,
          now: options.now,
        }),
      ),
    );
  }
  return result;
}
