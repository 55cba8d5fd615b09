import { generateKeyPairSync } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { exportJWK } from 'jose';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { SdJwtError } from '@min-profil/shared/sd-jwt/sd-jwt-error';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { verifySdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import { decodeStatusList } from '@min-profil/shared/status-list/decode-status-list';
import { StatusListError } from '@min-profil/shared/status-list/status-list-error';
import { assertProperty, fuzzRuns } from './fuzz-support.js';

/**
 * The shared parsers every service trusts: SD-JWT VC (with KB-JWT) and Token Status Lists.
 * Arbitrary or mutated input is refused with the parser's own error type — never a crash,
 * never an acceptance of something altered.
 */
describe('hostile input to the SD-JWT and status-list parsers', () => {
  const issuerKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const holderKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  let presentation: string;
  const now = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    const credential = await issueSdJwtVc({
      issuer: 'https://issuer.example/af',
      vct: 'https://issuer.example/af/vct/registration-certificate',
      claims: { given_name: 'Tolvan', family_name: 'Tolvansson', address: { locality: 'Stockholm' } },
      disclosureFrame: { _sd: ['given_name', 'family_name', 'address'], address: { _sd: ['locality'] } },
      holderJwk: await exportJWK(holderKey.publicKey),
      issuedAt: now,
      signer: { privateKey: issuerKey.privateKey, kid: 'k1', alg: 'ES256' },
    });
    presentation = await presentSdJwtVc({
      compact: credential,
      disclose: () => true,
      keyBinding: {
        nonce: 'n-1',
        audience: 'aud-1',
        issuedAt: now,
        privateKey: holderKey.privateKey,
        alg: 'ES256',
      },
    });
  });

  const verify = (compact: string) =>
    verifySdJwtVc({
      compact,
      resolveIssuerKey: async () => issuerKey.publicKey,
      keyBinding: { nonce: 'n-1', audience: 'aud-1', now },
      now,
    });

  it('accepts the untouched presentation', async () => {
    await expect(verify(presentation)).resolves.toMatchObject({ claims: { given_name: 'Tolvan' } });
  });

  it('refuses every single-character change to the presentation with an SdJwtError', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
    await assertProperty(
      fc.asyncProperty(fc.nat(), fc.constantFrom(...alphabet), async (position, char) => {
        const at = position % presentation.length;
        if (presentation[at] === char) return;
        const mutated = presentation.slice(0, at) + char + presentation.slice(at + 1);
        const error = await verify(mutated).then(
          () => undefined,
          (e: unknown) => e,
        );
        // A change inside base64url padding bits can decode to the same bytes; anything else must fail.
        if (error === undefined) {
          const same = await verify(mutated);
          expect(same.claims).toEqual((await verify(presentation)).claims);
          return;
        }
        expect(error).toBeInstanceOf(SdJwtError);
      }),
      { numRuns: fuzzRuns * 2 },
    );
  });

  it('refuses arbitrary strings and reordered or duplicated disclosures with an SdJwtError', async () => {
    const parts = presentation.split('~');
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc
            .shuffledSubarray(parts.slice(1, -1), { minLength: 0 })
            .map((ds) => [parts[0], ...ds, ...ds.slice(0, 1), parts.at(-1)].join('~')),
        ),
        async (input) => {
          const error = await verify(input).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(SdJwtError);
        },
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('refuses arbitrary and oversized status lists with a StatusListError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => deflateSync(bytes).toString('base64url')),
        ),
        fc.constantFrom(1, 2, 4, 8) as fc.Arbitrary<1 | 2 | 4 | 8>,
        (lst, bits) => {
          try {
            const view = decodeStatusList({ bits, lst, maxDecompressedBytes: 1024 });
            expect(view.size).toBeGreaterThanOrEqual(0);
          } catch (error) {
            expect(error).toBeInstanceOf(StatusListError);
          }
        },
      ),
      { numRuns: fuzzRuns * 2 },
    );
  });
});
