import { useEffect, useState } from 'preact/hooks';
import { useFocusWhen } from '../../components/focus-on-mount';
import { api, type StandingPermission } from '../../api';
import { ErrorMessage } from '../../components/error-message';
import { Link } from '../../components/link';
import { formatDateTime, pick } from '../../i18n';
import { FieldChoices, fieldList } from './field-choices';
import { text } from './standing-texts';

/** "Stående tillstånd": who gets which details, since when, what was sent; change or withdraw. */
export function StandingPermissions() {
  const [permissions, setPermissions] = useState<StandingPermission[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  // The buttons that were pressed are gone after a change: focus goes to what happened.
  const statusRef = useFocusWhen(status !== '', [status]);

  const load = () =>
    api
      .get<{ permissions: StandingPermission[] }>('/api/standing-permissions')
      .then((r) => setPermissions(r.permissions))
      .catch(setError);
  useEffect(() => {
    void load();
  }, []);

  return (
    <section>
      <h1 tabIndex={-1}>{pick(text.title)}</h1>
      <p>{pick(text.intro)}</p>
      <p>
        <Link to="/standing-permissions/share" class="button button-primary">
          {pick(text.shareMany)}
        </Link>
      </p>
      <ErrorMessage error={error} />
      <p role="status" aria-live="polite" tabIndex={-1} ref={statusRef}>
        {status}
      </p>
      {permissions?.length === 0 && <p>{pick(text.none)}</p>}
      <ul class="card-list">
        {permissions?.map((p) => (
          <PermissionCard
            key={p.id}
            permission={p}
            onChanged={(message) => {
              setStatus(message);
              void load();
            }}
            onError={setError}
          />
        ))}
      </ul>
    </section>
  );
}

function PermissionCard(props: {
  permission: StandingPermission;
  onChanged: (message: string) => void;
  onError: (error: unknown) => void;
}) {
  const p = props.permission;
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [fields, setFields] = useState(p.fields);
  const [busy, setBusy] = useState(false);
  const confirmRef = useFocusWhen(Boolean(confirming));
  const headingId = `permission-${p.id}`;

  const run = async (work: () => Promise<unknown>, message: string) => {
    setBusy(true);
    try {
      await work();
      props.onChanged(message);
      setEditing(false);
      setConfirming(false);
    } catch (e) {
      props.onError(e);
    } finally {
      setBusy(false);
    }
  };

  const statusText =
    p.status === 'active'
      ? pick(text.active)
      : p.withdrawn_by === 'consumer'
        ? pick(text.withdrawnByConsumer)
        : pick(text.withdrawnByYou);

  return (
    <li class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{pick(p.consumer.name ?? undefined, p.consumer.client_id)}</h2>
      <p>
        <span class={`badge ${p.status === 'active' ? 'badge-valid' : 'badge-revoked'}`}>{statusText}</span>
      </p>
      <dl class="facts">
        <div>
          <dt>{pick(text.fields)}</dt>
          <dd>{fieldList(p.fields)}</dd>
        </div>
        <div>
          <dt>{pick(text.since)}</dt>
          <dd>
            <time dateTime={p.since}>{formatDateTime(p.since)}</time>
          </dd>
        </div>
        <div>
          <dt>{pick(text.lastDelivered)}</dt>
          <dd>
            {p.last_delivered_at ? (
              <time dateTime={p.last_delivered_at}>{formatDateTime(p.last_delivered_at)}</time>
            ) : (
              pick(text.never)
            )}
          </dd>
        </div>
        {p.status === 'active' && p.pending_deliveries > 0 && (
          <div>
            <dt>{pick(text.pending)}</dt>
            <dd>{p.pending_deliveries}</dd>
          </div>
        )}
      </dl>
      {p.retrying_deliveries.length > 0 && p.retrying_deliveries[0]!.next_attempt_at && (
        <p class="alert alert-warning">
          {pick(text.retrying)}{' '}
          <time dateTime={p.retrying_deliveries[0]!.next_attempt_at}>
            {formatDateTime(p.retrying_deliveries[0]!.next_attempt_at)}
          </time>
          .
        </p>
      )}
      {p.failed_deliveries.length > 0 && (
        <div class="alert alert-error">
          <p>
            <strong>{pick(text.failed)}</strong>
          </p>
          <ul class="plain">
            {p.failed_deliveries.map((d) => (
              <li key={d.id}>
                <time dateTime={d.created_at}>{formatDateTime(d.created_at)}</time>: {d.last_error}
              </li>
            ))}
          </ul>
        </div>
      )}
      {p.status === 'active' && editing && (
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () => api.patch(`/api/standing-permissions/${p.id}`, { fields }),
              `${pick(text.changed)} ${pick(p.consumer.name ?? undefined, p.consumer.client_id)} ${pick(text.nowGets)} ${fieldList(fields)}.`,
            );
          }}
        >
          <FieldChoices
            idPrefix={`fields-${p.id}`}
            legend={pick(text.fields)}
            hint={pick(text.changeHint)}
            available={p.granted_fields}
            chosen={fields}
            onChange={setFields}
          />
          <div class="button-row">
            <button type="submit" class="button button-primary" disabled={busy || fields.length === 0}>
              {pick(text.save)}
            </button>
            <button type="button" class="button" onClick={() => setEditing(false)}>
              {pick(text.cancel)}
            </button>
          </div>
        </form>
      )}
      {p.status === 'active' && confirming && (
        <div
          class="alert alert-warning"
          role="alertdialog"
          tabIndex={-1}
          ref={confirmRef}
          aria-labelledby={`confirm-${p.id}`}
        >
          <p id={`confirm-${p.id}`}>{pick(text.confirmWithdraw)}</p>
          <div class="button-row">
            <button
              type="button"
              class="button button-danger"
              disabled={busy}
              onClick={() =>
                void run(() => api.post(`/api/standing-permissions/${p.id}/withdraw`), pick(text.withdrawn))
              }
            >
              {pick(text.confirmYes)}
            </button>
            <button type="button" class="button" onClick={() => setConfirming(false)}>
              {pick(text.cancel)}
            </button>
          </div>
        </div>
      )}
      {p.status === 'active' && !editing && !confirming && (
        <div class="button-row">
          {/* Several cards carry the same buttons: the card's heading tells them apart. */}
          <button type="button" class="button" aria-describedby={headingId} onClick={() => setEditing(true)}>
            {pick(text.change)}
          </button>
          <button
            type="button"
            class="button button-danger"
            aria-describedby={headingId}
            onClick={() => setConfirming(true)}
          >
            {pick(text.withdraw)}
          </button>
        </div>
      )}
    </li>
  );
}
