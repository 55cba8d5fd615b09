/**
 * A small, valid PDF 1.4 written by hand (no dependency): one or more A4 pages of Helvetica
 * text, uncompressed, WinAnsi-encoded (Swedish letters included), with a correct cross-reference
 * table. Enough for the demo's agreements and statements and for tests.
 */
export function createMinimalPdf(options: { title: string; lines: string[] }): Buffer {
  const linesPerPage = 46;
  const pages: string[][] = [];
  const all = [options.title, '', ...options.lines];
  for (let i = 0; i < all.length; i += linesPerPage) pages.push(all.slice(i, i + linesPerPage));

  const objects: string[] = [];
  // 1 catalog, 2 pages, 3 font, 4 info, then per page: page object and content stream.
  const pageIds = pages.map((_, i) => 5 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = `<< /Title (${escapePdfString(options.title)}) /Producer (Min profil) >>`;
  pages.forEach((lines, i) => {
    const content = [
      'BT',
      '/F1 11 Tf',
      '14 TL',
      '56 790 Td',
      ...lines.map((line, n) =>
        i === 0 && n === 0
          ? `/F1 16 Tf (${escapePdfString(line)}) Tj /F1 11 Tf T* T*`
          : `(${escapePdfString(line)}) Tj T*`,
      ),
      'ET',
    ].join('\n');
    objects[pageIds[i]!] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`;
    objects[pageIds[i]! + 1] =
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
  });

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A PDF literal string: WinAnsi (latin1) bytes, with `\`, `(` and `)` escaped. */
const WIN_ANSI_EXTRA: Record<string, string> = {
  '€': '\x80',
  '’': '\x92',
  '“': '\x93',
  '”': '\x94',
  '–': '\x96',
  '—': '\x97',
};

function escapePdfString(text: string): string {
  return text
    .replace(/[^\x20-\x7e\xa0-\xff]/g, (c) => WIN_ANSI_EXTRA[c] ?? '?')
    .replace(/[\\()]/g, (c) => `\\${c}`);
}
