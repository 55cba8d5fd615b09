import { useState } from 'preact/hooks';
import { api, ApiFailure } from '../../api';
import { formatDateTime } from '../../i18n';
import { pt, type ProfileTextKey } from './profile-texts';
import type { ProfileView, VerifiedEntry } from './profile-types';

/** What went wrong with a code, in the person's words; null when it is not about the code. */
function codeProblem(error: unknown): string | null {
  if (!(error instanceof ApiFailure)) return null;
  if (error.status === 429) return pt('tooSoon');
  const reason = error.body.reason;
  if (typeof reason !== 'string') return null;
  return pt(`reason_${reason}` as ProfileTextKey, { n: String(error.body.attempts_left ?? '') });
}

/**
 * Verification of one saved e-mail address or phone number: send a code, enter it. Focus moves
 * to the code field once sent, and to the outcome after confirming.
 */
export function VerifyEntry(props: {
  kind: 'emails' | 'phones';
  entry: VerifiedEntry;
  value: string;
  view: ProfileView;
  onVerified: (view: ProfileView, message: string) => void;
  onError: (error: unknown) => void;
}) {
  const { kind, entry, value, view } = props;
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/profile/${kind}/${encodeURIComponent(entry.id)}`;
  const codeId = `code-${entry.id}`;
  const problemId = `code-problem-${entry.id}`;

  if (entry.verified) {
    return <p class="badge badge-valid">✓ {pt('verified', { at: formatDateTime(entry.verified_at!) })}</p>;
  }

  const send = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await api.post(`${base}/code`);
      setSent(true);
      setCode('');
      requestAnimationFrame(() => document.getElementById(codeId)?.focus());
    } catch (e) {
      const text = codeProblem(e);
      if (text) setProblem(text);
      else props.onError(e);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const next = await api.post<ProfileView>(`${base}/verify`, { code: code.trim() });
      props.onVerified(next, pt('verifiedNow', { value }));
    } catch (e) {
      const text = codeProblem(e);
      if (text) {
        setProblem(text);
        requestAnimationFrame(() => document.getElementById(codeId)?.focus());
      } else props.onError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="verify-entry">
      <p class="badge badge-unknown">{pt('notVerified')}</p>
      {!view.can_send_codes && <p class="hint">{pt('cannotSend')}</p>}
      {view.can_send_codes && (
        <button type="button" class="button-small" disabled={busy} onClick={send}>
          {sent ? pt('sendNewCode') : pt('sendCode')} <span class="visually-hidden">{value}</span>
        </button>
      )}
      {sent && (
        <div class="code-form">
          <p role="status">{pt('codeSent', { value })}</p>
          {view.demo_outbox_url && (
            <p class="hint">
              {pt('demoOutbox')}{' '}
              <a href={view.demo_outbox_url} target="_blank" rel="noopener">
                {pt('openOutbox')}
              </a>
            </p>
          )}
          <label for={codeId}>{pt('codeLabel', { value })}</label>
          <p class="hint" id={`${codeId}-hint`}>
            {pt('codeHint')}
          </p>
          <div class="code-row">
            <input
              id={codeId}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              maxLength={6}
              required
              value={code}
              aria-describedby={`${codeId}-hint${problem ? ` ${problemId}` : ''}`}
              aria-invalid={problem ? true : undefined}
              onInput={(e) => setCode((e.target as HTMLInputElement).value)}
              onKeyDown={(e) => {
                // The code field sits inside the profile form: Enter confirms the code, not the form.
                if (e.key === 'Enter') void confirm(e);
              }}
            />
            <button type="button" class="button-small" disabled={busy} onClick={confirm}>
              {pt('confirmCode')}
            </button>
          </div>
        </div>
      )}
      {problem && (
        <p class="alert alert-error" id={problemId} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
