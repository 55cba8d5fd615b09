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
  pdfFrame: { sv: 'Dokumentet (PDF)', en: 'The document (PDF)' },
  pdfFallback: {
    sv: 'Webbläsaren kan inte visa PDF-filen här.',
    en: 'The browser cannot show the PDF here.',
  },
  openPdf: { sv: 'Öppna dokumentet', en: 'Open the document' },
  text: { sv: 'Dokumentets text', en: "The document's text" },
  hash: { sv: 'Kontrollsumma (SHA-256)', en: 'Checksum (SHA-256)' },
  binding: {
    sv: 'När du godkänner skrivs dokumentets kontrollsumma in i det du skickar, så att mottagaren kan visa vem som godkände exakt detta dokument.',
    en: 'When you approve, the document’s checksum is bound into what you send, so the recipient can show who approved exactly this document.',
  },
};

/**
 * One document the person is asked to approve (OpenID4VP 1.0 transaction_data): its title, the
 * PDF itself in the page with its text beside it, or the JSON rendered readably, and the hash
 * the wallet checked it against.
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
          <iframe
            class="document-frame"
            src={doc.document_url}
            title={`${pick(approvalText.pdfFrame)}: ${doc.title}`}
          >
            <p>
              {pick(approvalText.pdfFallback)} <a href={doc.document_url}>{pick(approvalText.openPdf)}</a>
            </p>
          </iframe>
          <p>
            <a href={doc.document_url} target="_blank" rel="noopener">
              {pick(approvalText.openPdf)}
            </a>
          </p>
          {doc.text_preview && doc.text_preview.length > 0 && (
            <details class="document-text" open>
              <summary>{pick(approvalText.text)}</summary>
              <div lang="sv">
                {doc.text_preview.map((line, i) =>
                  line.trim() === '' ? <br key={i} /> : <p key={i}>{line}</p>,
                )}
              </div>
            </details>
          )}
        </>
      ) : (
        <div class="document-json">
          <JsonDocument value={doc.content} />
        </div>
      )}
      <p class="hint">
        {pick(approvalText.hash)}: <code class="hash">{doc.document_hash}</code>
      </p>
      <p class="hint">{pick(approvalText.binding)}</p>
    </section>
  );
}
