import { deflateSync } from 'node:zlib';
import { internshipAgreementPdf } from '@min-profil/shared/openid4vp/demo-documents';
import { extractPdfText, MAX_PDF_INFLATED_BYTES, PdfTooLarge } from './pdf-text.js';

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

  const pdfOf = (...streams: Buffer[]) =>
    Buffer.concat([
      Buffer.from('%PDF-1.4\n', 'latin1'),
      ...streams.flatMap((compressed, i) => [
        Buffer.from(
          `${i + 1} 0 obj\n<< /Length ${compressed.length} /Filter /FlateDecode >>\nstream\n`,
          'latin1',
        ),
        compressed,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ]),
      Buffer.from('%%EOF\n', 'latin1'),
    ]);

  it('refuses a decompression bomb: one stream that inflates past the budget', () => {
    const bomb = deflateSync(Buffer.alloc(MAX_PDF_INFLATED_BYTES * 4, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => extractPdfText(pdfOf(bomb))).toThrow(PdfTooLarge);
  });

  it('counts the budget across streams, not per stream', () => {
    const part = deflateSync(Buffer.alloc(1024 * 1024, 0x20));
    expect(extractPdfText(pdfOf(part, part), { maxInflatedBytes: 3 * 1024 * 1024 })).toEqual([]);
    expect(() =>
      extractPdfText(pdfOf(part, part, part, part), { maxInflatedBytes: 3 * 1024 * 1024 }),
    ).toThrow("the document's content streams inflate past 3145728 bytes");
  });
});
