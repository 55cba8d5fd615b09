/** Renders a claim value readably: objects as nested lists, arrays of objects as tables of rows. */
export function ClaimValue(props: { value: unknown }) {
  const { value } = props;
  if (value === null || value === undefined) return <span>–</span>;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return <span>{value.join(', ')}</span>;
    return (
      <ul class="plain">
        {value.map((v, i) => (
          <li key={i}>
            <ClaimValue value={v} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object') {
    return (
      <span>
        {Object.entries(value as Record<string, unknown>)
          .map(([, v]) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
          .join(', ')}
      </span>
    );
  }
  return <span>{String(value)}</span>;
}
