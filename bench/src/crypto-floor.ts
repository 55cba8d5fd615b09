import { generateKeyPairSync, verify } from 'node:crypto';
import { inProcessSigner } from '@min-profil/shared/signing/in-process-signer';
import { measureOps } from './stats.js';

/**
 * The crypto floor of a curve: one ES256 signature through the signing seam (the in-process
 * signer every service uses) and one raw ES256 verification, per operation, in this process.
 * Each curve point's CPU per request is reported as a multiple of it, so a figure taken on a
 * busy machine still says how far the request is from its unavoidable cryptography.
 */
export async function measureCryptoFloor(options: { rounds?: number; roundMs?: number } = {}): Promise<{
  opsPerSecond: number;
  msPerOp: number;
}> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = inProcessSigner(privateKey);
  // A credential's signing input is about 700 bytes; the size barely moves the figure.
  const input = new TextEncoder().encode('e'.repeat(700));
  const ops = await measureOps(
    async () => {
      const signature = await signer.sign(input);
      if (!verify('sha256', input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature))
        throw new Error('floor: the signature did not verify');
    },
    { warmupMs: 200, rounds: options.rounds ?? 5, roundMs: options.roundMs ?? 200 },
  );
  return { opsPerSecond: ops, msPerOp: 1000 / ops };
}
