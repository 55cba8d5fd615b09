import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { nameAsker } from './name-asker.js';

const insurer = { sv: 'Trygga Försäkringar', en: 'Trygga Försäkringar' };
const list = {
  consumers: [
    { client_id: 'decentralized_identifier:did:web:verifier.example:consumers:insurer', name: insurer },
    {
      client_id: 'decentralized_identifier:did:web:verifier.example:consumers:university',
      name: { sv: 'Norrlands universitet' },
      x509: { certificate_hashes: ['abc123'] },
    },
  ],
} as unknown as TrustList;

const link = (clientId: string) =>
  `openid4vp://?client_id=${encodeURIComponent(clientId)}&request_uri=${encodeURIComponent('https://verifier.example/r/1')}`;

describe('naming who a request link says is asking', () => {
  it("finds the link's client_id in the trust list, also inside the wallet's own page link", () => {
    const openid4vp = link('decentralized_identifier:did:web:verifier.example:consumers:insurer');
    expect(nameAsker(openid4vp, list)).toEqual(insurer);
    expect(
      nameAsker(`https://wallet.example/present?request=${encodeURIComponent(openid4vp)}`, list),
    ).toEqual(insurer);
    expect(nameAsker(link('x509_hash:abc123'), list)).toEqual({ sv: 'Norrlands universitet' });
  });

  it('names no one for a client the list does not name, or a link that is not one', () => {
    expect(nameAsker(link('decentralized_identifier:did:web:elsewhere.example'), list)).toBeNull();
    expect(nameAsker('openid4vp://?request_uri=https%3A%2F%2Fx.example', list)).toBeNull();
    expect(nameAsker('not a link', list)).toBeNull();
  });
});
