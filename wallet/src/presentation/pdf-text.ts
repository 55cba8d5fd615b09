import { inflateSync } from 'node:zlib';

const MAX_TEXT = 20_000;
/** All content streams of one document together inflate to at most this (a preview needs little). */
export const MAX_PDF_INFLATED_BYTES = 4 * 1024 * 1024;
/** Streams looked at per document: bounds the work on a document of many tiny streams. */
const MAX_STREAMS = 2000;

/** The document's streams inflate past the budget (a decompression bomb, or simply too big). */
export class PdfTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the document's content streams inflate past ${limit} bytes`);
    this.name = 'PdfTooLarge';
  }
}

/**
 * A best-effort text preview of a PDF for the person to read beside the rendered document (and
 * for screen readers): the literal strings shown by `Tj`, `TJ`, `'` and `"` in the page content
 * streams (uncompressed or FlateDecode), one line per text-positioning step. Fonts with custom
 * encodings or hex strings give no text; the rendered PDF is then the only view.
 *
 * The document comes from the verifier: inflating is bounded (zlib `maxOutputLength`, one budget
 * across all streams, as the status-list decoder does), and past it `PdfTooLarge` is thrown
 * rather than memory spent on a decompression bomb.
 */
export function extractPdfText(bytes: Buffer, options: { maxInflatedBytes?: number } = {}): string[] {
  const budget = options.maxInflatedBytes ?? MAX_PDF_INFLATED_BYTES;
  const source = bytes.toString('latin1');
  const lines: string[] = [];
  let total = 0;
  let inflated = 0;
  let streams = 0;
  const streamPattern = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let match = streamPattern.exec(source); match; match = streamPattern.exec(source)) {
    const start = match.index + match[0].length;
    const end = source.indexOf('endstream', start);
    if (end < 0) break;
    const dictionary = match[1]!;
    if (/\/Subtype\s*\/Image|\/Type\s*\/XObject|\/Length1|\/FontFile/.test(dictionary)) continue;
    let content = source.slice(start, end);
    if (++streams > MAX_STREAMS) break;
    if (/\/FlateDecode/.test(dictionary)) {
      let output: Buffer;
      try {
        output = inflateSync(Buffer.from(content, 'latin1'), { maxOutputLength: budget - inflated + 1 });
      } catch (error) {
        // Node's zlib: ERR_BUFFER_TOO_LARGE once the output would pass maxOutputLength.
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new PdfTooLarge(budget);
        streamPattern.lastIndex = end;
        continue;
      }
      inflated += output.length;
      if (inflated > budget) throw new PdfTooLarge(budget);
      content = output.toString('latin1');
    } else if (/\/Filter/.test(dictionary)) continue;
    for (const line of textOfContentStream(content)) {
      lines.push(line);
      total += line.length;
      if (total > MAX_TEXT) return lines;
    }
    streamPattern.lastIndex = end;
  }
  return lines;
}

/** WinAnsiEncoding's bytes 0x80–0x9F that differ from Latin-1 (the common ones). */
const WIN_ANSI: Record<string, string> = {
  '\x80': '€',
  '\x92': '’',
  '\x93': '“',
  '\x94': '”',
  '\x96': '–',
  '\x97': '—',
};

function textOfContentStream(content: string): string[] {
  if (!/\bBT\b/.test(content)) return [];
  const lines: string[] = [];
  let current = '';
  let pending: string[] = [];
  const flush = () => {
    lines.push(current);
    current = '';
  };
  let i = 0;
  while (i < content.length) {
    const c = content[i]!;
    if (c === '(') {
      const { text, next } = readLiteral(content, i);
      pending.push(text);
      i = next;
      continue;
    }
    if (c === '%') {
      while (i < content.length && content[i] !== '\n') i++;
      continue;
    }
    if (/[A-Za-z'"*]/.test(c)) {
      let j = i;
      while (j < content.length && /[A-Za-z'"*]/.test(content[j]!)) j++;
      const op = content.slice(i, j);
      if (op === 'Tj' || op === 'TJ') current += pending.join('');
      else if (op === "'" || op === '"') {
        flush();
        current += pending.join('');
      } else if (op === 'T*' || op === 'Td' || op === 'TD' || op === 'ET') {
        if (current.length > 0 || op !== 'ET') flush();
      }
      pending = [];
      i = j;
      continue;
    }
    i++;
  }
  if (current) flush();
  // Collapse runs of empty lines to one.
  return lines.filter((line, n) => line.trim() !== '' || (n > 0 && lines[n - 1]!.trim() !== ''));
}

function readLiteral(content: string, open: number): { text: string; next: number } {
  let depth = 0;
  let text = '';
  let i = open;
  for (; i < content.length; i++) {
    const c = content[i]!;
    if (c === '\\') {
      const n = content[++i] ?? '';
      const escapes: Record<string, string> = { n: '\n', r: '', t: '\t', b: '', f: '' };
      if (/[0-7]/.test(n)) {
        let octal = n;
        while (octal.length < 3 && /[0-7]/.test(content[i + 1] ?? '')) octal += content[++i];
        text += String.fromCharCode(parseInt(octal, 8));
      } else if (n === '\n') {
        // line continuation
      } else text += escapes[n] ?? n;
      continue;
    }
    if (c === '(') {
      if (depth++ > 0) text += c;
      continue;
    }
    if (c === ')') {
      if (--depth === 0) return { text: winAnsi(text), next: i + 1 };
      text += c;
      continue;
    }
    text += c;
  }
  return { text: winAnsi(text), next: i };
}

function winAnsi(text: string): string {
  return text.replace(/[\x80-\x9f]/g, (c) => WIN_ANSI[c] ?? '');
}
