import { useState } from 'preact/hooks';
import { ot } from './ombud-texts';

export interface GiveMandate {
  agent: { personal_identity_number: string };
  scope: { relying_parties: 'all' | string[]; purposes: 'all' | string[] };
  valid_from: string;
  valid_until: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
const split = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** "Ge en fullmakt": who, where (all or some org numbers), which matters, and for how long. */
export function GiveMandateForm(props: { busy: boolean; onGive: (grant: GiveMandate) => void }) {
  const [agent, setAgent] = useState('');
  const [partiesAll, setPartiesAll] = useState(false);
  const [parties, setParties] = useState('');
  const [purposesAll, setPurposesAll] = useState(true);
  const [purposes, setPurposes] = useState('');
  const [from, setFrom] = useState(today());
  const [until, setUntil] = useState(inAYear());
  const value = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);

  const submit = (e: Event) => {
    e.preventDefault();
    props.onGive({
      agent: { personal_identity_number: agent.replace(/[\s-]/g, '') },
      scope: {
        relying_parties: partiesAll ? 'all' : split(parties),
        purposes: purposesAll ? 'all' : split(purposes),
      },
      valid_from: from,
      valid_until: until,
    });
  };

  return (
    <form class="form ombud-give" onSubmit={submit} aria-labelledby="ombud-give">
      <h2 id="ombud-give">{ot('giveHeading')}</h2>
      <label for="ombud-agent">{ot('agentLabel')}</label>
      <input
        id="ombud-agent"
        inputMode="numeric"
        autoComplete="off"
        required
        aria-describedby="ombud-agent-hint"
        value={agent}
        onInput={value(setAgent)}
      />
      <p class="hint" id="ombud-agent-hint">
        {ot('agentHint')}
      </p>
      <fieldset>
        <legend>{ot('partiesLegend')}</legend>
        <label class="choice">
          <input type="radio" name="parties" checked={!partiesAll} onChange={() => setPartiesAll(false)} />{' '}
          {ot('partiesSome')}
        </label>
        {!partiesAll && (
          <>
            <input
              id="ombud-parties"
              aria-label={ot('partiesInput')}
              aria-describedby="ombud-parties-hint"
              required
              value={parties}
              onInput={value(setParties)}
            />
            <p class="hint" id="ombud-parties-hint">
              {ot('partiesHint')}
            </p>
          </>
        )}
        <label class="choice">
          <input type="radio" name="parties" checked={partiesAll} onChange={() => setPartiesAll(true)} />{' '}
          {ot('partiesAll')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{ot('purposesLegend')}</legend>
        <label class="choice">
          <input type="radio" name="purposes" checked={purposesAll} onChange={() => setPurposesAll(true)} />{' '}
          {ot('purposesAll')}
        </label>
        <label class="choice">
          <input type="radio" name="purposes" checked={!purposesAll} onChange={() => setPurposesAll(false)} />{' '}
          {ot('purposesSome')}
        </label>
        {!purposesAll && (
          <>
            <input
              id="ombud-purposes"
              aria-label={ot('purposesInput')}
              aria-describedby="ombud-purposes-hint"
              required
              value={purposes}
              onInput={value(setPurposes)}
            />
            <p class="hint" id="ombud-purposes-hint">
              {ot('purposesHint')}
            </p>
          </>
        )}
      </fieldset>
      <label for="ombud-from">{ot('validFrom')}</label>
      <input id="ombud-from" type="date" required value={from} onInput={value(setFrom)} />
      <label for="ombud-until">{ot('validUntil')}</label>
      <input id="ombud-until" type="date" required value={until} onInput={value(setUntil)} />
      <div class="button-row">
        <button type="submit" class="button button-primary" disabled={props.busy}>
          {ot('give')}
        </button>
      </div>
    </form>
  );
}
