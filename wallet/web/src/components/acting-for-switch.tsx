import { useEffect, useState } from 'preact/hooks';
import { api, type RepresentedParty } from '../api';
import { onLangChange, pick } from '../i18n';
import { Link } from './link';
import { actingForTexts as text, getActingFor, onActingForChange, setActingFor } from './acting-for';

/**
 * The switch "Jag företräder" (issue #20): myself, and each party a credential in the wallet
 * proves the person may act for (GET /api/representation). Shown only when there is someone
 * besides oneself. A native select: keyboard, screen readers and 320 px work as they should.
 */
export function ActingForSwitch() {
  const [parties, setParties] = useState<RepresentedParty[]>([]);
  const [chosen, setChosen] = useState(getActingFor());
  const [, rerender] = useState(0);

  useEffect(() => {
    void api
      .get<{ parties: RepresentedParty[] }>('/api/representation')
      .then((r) => {
        setParties(r.parties);
        // A party no longer proven (the child has turned 18) is no longer acted for.
        if (getActingFor() && !r.parties.some((p) => p.id === getActingFor())) setActingFor(undefined);
      })
      .catch(() => setParties([]));
    const offChoice = onActingForChange(() => setChosen(getActingFor()));
    const offLang = onLangChange(() => rerender((n) => n + 1));
    return () => {
      offChoice();
      offLang();
    };
  }, []);

  if (parties.length === 0) return null;
  const company = parties.find((p) => p.id === chosen && p.kind === 'company');
  return (
    <div class="acting-for">
      <label for="acting-for">{pick(text.label)}</label>
      <select
        id="acting-for"
        value={chosen ?? ''}
        onChange={(e) => setActingFor((e.currentTarget as HTMLSelectElement).value || undefined)}
      >
        <option value="">{pick(text.myself)}</option>
        {parties.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({pick(text[p.kind])})
          </option>
        ))}
      </select>
      {company && (
        // A company chosen: its contact details are one step away (issue 21).
        <Link to={`/company?org=${encodeURIComponent(company.identifier.value)}`}>
          {pick(text.companyProfile)}
        </Link>
      )}
    </div>
  );
}
