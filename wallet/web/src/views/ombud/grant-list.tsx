import { ot } from './ombud-texts';
import { partyName, type MandateGrant } from './ombud-types';

const listed = (value: 'all' | string[]) => (value === 'all' ? ot('all') : value.join(', '));

/** The grants given or received, each with its scope, period and status; given ones can be revoked. */
export function GrantList(props: {
  grants: MandateGrant[];
  side: 'given' | 'received';
  busy?: string;
  onRevoke?: (grant: MandateGrant) => void;
}) {
  return (
    <ul class="card-list ombud-grants">
      {props.grants.map((g) => {
        const other = props.side === 'given' ? g.agent : g.principal;
        const name = partyName(other);
        return (
          <li key={g.id} class="card" data-grant={g.id} data-status={g.status}>
            <p>
              <strong>
                {props.side === 'given' ? ot('to') : ot('from')}: {name}
              </strong>{' '}
              <span class={`status status-${g.status}`}>{ot(`status_${g.status}`)}</span>
            </p>
            <dl class="ombud-facts">
              <dt>{ot('where')}</dt>
              <dd>{listed(g.scope.relying_parties)}</dd>
              <dt>{ot('matters')}</dt>
              <dd>{listed(g.scope.purposes)}</dd>
              <dt>{ot('period')}</dt>
              <dd>
                {g.valid_from} – {g.valid_until}
              </dd>
            </dl>
            {props.onRevoke && g.status !== 'revoked' && g.status !== 'expired' && (
              <button
                type="button"
                class="button button-danger button-small"
                aria-label={`${ot('revoke')}: ${name}`}
                disabled={props.busy === g.id}
                onClick={() => props.onRevoke!(g)}
              >
                {ot('revoke')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
