import type { ApprovalDocumentView } from '../api';
import { pick } from '../i18n';
import { JsonDocument } from './json-document';

/** The approve button's label when the request carries a document to approve. */
export const approveAndSign = { sv: 'Godkänn dokumentet och dela', en: 'Approve the document and share' };

export const approvalText = {
  heading: { sv: 'Dokument att godkänna', en: 'Document to approve' },
  verified: {
    sv: 'Plånboken har kontrollerat att dokumentet är exakt det som mottagaren ber dig godkänna.',
    en: 'The wallet has checked that this is exactly the document the recipient asks you to approve.',
  },
  openPdf: { sv: 'Öppna dokumentet (PDF)', en: 'Open the document (PDF)' },
  technical: { sv: 'Tekniska detaljer', en: 'Technical details' },
  text: { sv: 'Dokumentets text', en: "The document's text" },
  hash: { sv: 'Kontrollsumma (SHA-256)', en: 'Checksum (SHA-256)' },
  binding: {
    sv: 'När du godkänner skrivs dokumentets kontrollsumma in i det du skickar, så att mottagaren kan visa vem som godkände exakt detta dokument.',
    en: 'When you approve, the document’s checksum is bound into what you send, so the recipient can show who approved exactly this document.',
  },
};

/**
 * One document the person is asked to approve (OpenID4VP 1.0 transaction_data): its title, the
 * PDF's text with the PDF as a link, or the JSON rendered readably, and (behind "Tekniska
 * detaljer") the hash the wallet checked it against.
 */
export function ApprovalDocument(props: { document: ApprovalDocumentView; index: number }) {
  const { document: doc, index } = props;
  const headingId = `approval-${index}`;
  return (
    <section class="card approval-document" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {pick(approvalText.heading)}: {doc.title}
      </h2>
      {doc.document_verified && (
        <p>
          <span class="badge badge-valid">✓</span> {pick(approvalText.verified)}
        </p>
      )}
      {doc.media_type === 'application/pdf' ? (
        <>
          {/* The text first: phones rarely show a PDF inside a page, and a frame costs Tab stops. */}
          {doc.text_preview && doc.text_preview.length > 0 && (
            <section class="document-text" aria-label={pick(approvalText.text)}>
              <div lang="sv">
                {doc.text_preview.map((line, i) =>
                  line.trim() === '' ? <br key={i} /> : <p key={i}>{line}</p>,
                )}
              </div>
            </section>
          )}
          <p>
            <a class="document-link" href={doc.document_url} target="_blank" rel="noopener">
              {pick(approvalText.openPdf)}
            </a>
          </p>
        </>
      ) : (
        <div class="document-json">
          <JsonDocument value={doc.content} />
        </div>
      )}
      <details class="technical">
        <summary>{pick(approvalText.technical)}</summary>
        <p class="hint">
          {pick(approvalText.hash)}: <code class="hash">{doc.document_hash}</code>
        </p>
      </details>
      <p class="hint">{pick(approvalText.binding)}</p>
    </section>
  );
}
