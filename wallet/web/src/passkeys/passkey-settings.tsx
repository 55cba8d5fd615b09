import { useEffect, useState } from 'preact/hooks';
import { api, ApiFailure } from '../api';
import { formatDateTime } from '../i18n';
import { UnwrapFailure } from './key-vault';
import { PrfUnsupported, registerPasskey } from './passkey-client';
import { pt } from './passkey-texts';
import { ServiceBoundCredentials } from './service-bound-credentials';

interface Passkey {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

interface PasskeyList {
  key_protection: 'passkey' | 'service';
  passkeys: Passkey[];
}

/** Why a passkey action failed, in the person's language (never the API's own text). */
function explain(error: unknown): string {
  if (error instanceof PrfUnsupported) return pt('noPrf');
  if (error instanceof UnwrapFailure) return pt('doesNotOpen');
  if (error instanceof ApiFailure && error.body.reason === 'prf_unsupported') return pt('noPrf');
  if (error instanceof ApiFailure && error.status === 409) return pt('lastOne');
  return pt('failed');
}

/** The settings' passkey section: who can use the keys, the passkeys, add and remove (docs/passkeys.md). */
export function PasskeySettings() {
  const [list, setList] = useState<PasskeyList | undefined>();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const load = () => {
    api
      .get<PasskeyList>('/api/passkeys')
      .then(setList)
      .catch((e: unknown) => setMessage({ ok: false, text: explain(e) }));
  };
  useEffect(load, []);

  const add = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setMessage(undefined);
    try {
      await registerPasskey(name.trim() || pt('defaultName'));
      setName('');
      setMessage({ ok: true, text: pt('added') });
      load();
    } catch (e) {
      setMessage({ ok: false, text: explain(e) });
    } finally {
      setBusy(false);
    }
  };
  const remove = async (id: string) => {
    try {
      await api.delete(`/api/passkeys/${encodeURIComponent(id)}`);
      load();
    } catch (e) {
      setMessage({ ok: false, text: explain(e) });
    }
  };

  return (
    <section aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">{pt('title')}</h2>
      {list && (
        <p data-key-protection={list.key_protection}>
          {list.key_protection === 'passkey' ? pt('protectedByPasskey') : pt('heldByService')}
        </p>
      )}
      {message && (
        <div
          class={message.ok ? 'alert alert-success' : 'alert alert-error'}
          role={message.ok ? 'status' : 'alert'}
        >
          <p>{message.text}</p>
        </div>
      )}
      <ul class="plain">
        {list?.passkeys.map((passkey) => (
          <li key={passkey.id} class="token-row">
            <span>
              {passkey.name} ({formatDateTime(passkey.created_at)},{' '}
              {passkey.last_used_at
                ? `${pt('lastUsed')} ${formatDateTime(passkey.last_used_at)}`
                : pt('never')}
              )
            </span>
            <button type="button" class="button button-small" onClick={() => remove(passkey.id)}>
              {pt('remove')} <span class="visually-hidden">{passkey.name}</span>
            </button>
          </li>
        ))}
      </ul>
      <form class="form inline-form" onSubmit={add}>
        <label for="passkey-name">{pt('name')}</label>
        <input
          id="passkey-name"
          value={name}
          maxLength={100}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="button" disabled={busy}>
          {pt('add')}
        </button>
      </form>
      {list?.key_protection === 'passkey' && <ServiceBoundCredentials />}
    </section>
  );
}
