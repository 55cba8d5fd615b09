import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorMessage } from '../components/error-message';
import { formatDateTime, t } from '../i18n';
import { PasskeySettings } from '../passkeys/passkey-settings';

interface Token {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  token?: string;
}

export function Settings() {
  const [tokens, setTokens] = useState<Token[]>([]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const load = () => {
    api
      .get<{ tokens: Token[] }>('/api/tokens')
      .then((r) => setTokens(r.tokens))
      .catch(setError);
  };
  useEffect(load, []);

  const create = async (event: Event) => {
    event.preventDefault();
    try {
      const token = await api.post<Token>('/api/tokens', { name: name.trim() || 'API' });
      setCreated(token.token);
      setName('');
      load();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (id: string) => {
    try {
      await api.delete(`/api/tokens/${encodeURIComponent(id)}`);
      load();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('settingsTitle')}</h1>
      <ErrorMessage error={error} />
      <PasskeySettings />
      <h2>{t('tokensTitle')}</h2>
      <p>{t('tokensText')}</p>
      {created && (
        <div class="alert alert-success" role="status">
          {t('tokenShownOnce')} <code class="token">{created}</code>
        </div>
      )}
      <form class="form inline-form" onSubmit={create}>
        <label for="token-name">{t('tokenName')}</label>
        <input
          id="token-name"
          value={name}
          maxLength={100}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="button">
          {t('createToken')}
        </button>
      </form>
      <ul class="plain">
        {tokens.map((token) => (
          <li key={token.id} class="token-row">
            <span>
              {token.name} ({formatDateTime(token.created_at)})
            </span>
            <button type="button" class="button button-small" onClick={() => remove(token.id)}>
              {t('remove')} <span class="visually-hidden">{token.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
