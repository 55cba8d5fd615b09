import { deflateSync } from 'node:zlib';
import { internshipAgreementPdf } from '@min-profil/shared/openid4vp/demo-documents';
import { extractPdfText } from './pdf-text.js';

describe('PDF text preview', () => {
  it('reads the lines of the hand-written internship agreement, Swedish letters included', () => {
    const lines = extractPdfText(internshipAgreementPdf({ personName: 'Karin Berg' }));
    expect(lines[0]).toBe('Praktikavtal – Arbetsförmedlingen');
    expect(lines).toContain('Praktikant: Karin Berg');
    expect(lines).toContain('Praktikplats: Norrlands Bygg AB, Umeå');
  });

  it('reads FlateDecode content streams and TJ arrays', () => {
    const content = 'BT /F1 12 Tf 72 712 Td [(Hej) -250 (v\\344rlden)] TJ T* (rad 2) Tj ET';
    const compressed = deflateSync(Buffer.from(content, 'latin1'));
    const pdf = Buffer.concat([
      Buffer.from(
        `%PDF-1.4\n1 0 obj\n<< /Length ${compressed.length} /Filter /FlateDecode >>\nstream\n`,
        'latin1',
      ),
      compressed,
      Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
    ]);
    expect(extractPdfText(pdf)).toEqual(['Hejvärlden', 'rad 2']);
  });
});
