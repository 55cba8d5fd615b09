import { createCa } from './create-ca.js';
import { issueCertificate } from './issue-certificate.js';
import { withoutTrustAnchor } from './without-trust-anchor.js';
import { certificateToBase64, generateP256KeyPair } from './x509-provider.js';

describe('an x5c chain as sent in a header', () => {
  it('keeps the leaf and drops the self-signed CA (HAIP 1.0: the anchor comes from the trust list)', async () => {
    const ca = await createCa({ name: 'CN=Test CA, O=Min profil test' });
    const keys = await generateP256KeyPair();
    const leaf = await issueCertificate(ca, {
      subject: { role: 'holder', name: 'Arbetsförmedlingen', host: 'issuer.example' },
      publicKey: keys.publicKey,
      serialNumber: '1001',
    });
    const root = certificateToBase64(ca.certificate);
    const certified = certificateToBase64(leaf);
    expect(withoutTrustAnchor([certified, root])).toEqual([certified]);
    expect(withoutTrustAnchor([certified])).toEqual([certified]);
    // A leaf is never dropped, even a self-signed one: the relying party refuses it as such.
    expect(withoutTrustAnchor([root])).toEqual([root]);
  });
});
