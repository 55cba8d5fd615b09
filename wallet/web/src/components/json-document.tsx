import { pick } from '../i18n';

/** Field names as words: `amount_claimed_sek` → "Amount claimed sek". */
function labelOf(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A JSON document rendered for reading: objects as definition lists, lists of texts as
 * paragraphs, nested values indented. Nothing is hidden; the hash covers every byte.
 */
export function JsonDocument(props: { value: unknown }) {
  const { value } = props;
  if (value === null || value === undefined) return <span>–</span>;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) {
      return (
        <div class="json-paragraphs">
          {value.map((v, i) => (
            <p key={i}>{v as string}</p>
          ))}
        </div>
      );
    }
    return (
      <ol class="json-list">
        {value.map((v, i) => (
          <li key={i}>
            <JsonDocument value={v} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object') {
    return (
      <dl class="json-object">
        {Object.entries(value as Record<string, unknown>).map(([key, v]) => (
          <div key={key} class="json-entry">
            <dt>{labelOf(key)}</dt>
            <dd>
              <JsonDocument value={v} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  if (typeof value === 'boolean')
    return <span>{pick(value ? { sv: 'Ja', en: 'Yes' } : { sv: 'Nej', en: 'No' })}</span>;
  return <span>{String(value)}</span>;
}
