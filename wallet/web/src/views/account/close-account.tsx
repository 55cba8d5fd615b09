import { useState } from 'preact/hooks';
import { useFocusWhen } from '../../components/focus-on-mount';
import { api, type Localized } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorMessage } from '../../components/error-message';
import { Link } from '../../components/link';
import { pick } from '../../i18n';
import { ct } from './close-account-texts';

interface ClosingReport {
  withdrawn: Array<{ client_id: string; name: Localized | null; told: boolean }>;
  holders: Array<{ credential_issuer: string; name: Localized | null; revoked: boolean }>;
  erasure: Array<{ client_id: string; name: Localized; state: string }>;
}

/**
 * "Avsluta kontot": download everything first (GDPR Art. 20), then close (Art. 17) — asked in
 * the page —, and a final confirmation naming each consumer told, and any that did not answer.
 */
export function CloseAccount() {
  const [exported, setExported] = useState(false);
  const [erase, setErase] = useState(false);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ClosingReport>();
  const [error, setError] = useState<unknown>();
  const done = useFocusWhen(report !== undefined, [report]);
  const saved = useFocusWhen(Boolean(exported));

  const download = async () => {
    setError(undefined);
    try {
      const everything = await api.get<Record<string, unknown>>('/api/account/export');
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(everything, null, 2)], { type: 'application/json' }),
      );
      const a = Object.assign(document.createElement('a'), {
        href: url,
        download: 'min-profil-plånbok.json',
      });
      document.body.append(a);
      a.click();
      a.remove();
      URL.revokeObjectURL(url);
      setExported(true);
    } catch (e) {
      setError(e);
    }
  };

  const close = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setReport(
        await api.post<ClosingReport>('/api/account/close', { confirm: true, request_erasure: erase }),
      );
      setAsking(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (report) {
    return (
      <section>
        <h1 tabIndex={-1} ref={done}>
          {ct('closed')}
        </h1>
        <p>{ct('closedText')}</p>
        <ul class="plain">
          {report.withdrawn.map((w) => {
            const who = pick(w.name ?? undefined, w.client_id);
            return (
              <li key={w.client_id} class={w.told ? '' : 'alert alert-warning'}>
                {w.told ? ct('told', { who }) : ct('notTold', { who })}
              </li>
            );
          })}
          {report.erasure.map((e) => {
            const who = pick(e.name, e.client_id);
            const key =
              e.state === 'deleted' ? 'erased' : e.state === 'refused' ? 'erasureRefused' : 'erasureFailed';
            return (
              <li
                key={`erasure-${e.client_id}-${who}`}
                class={e.state === 'deleted' ? '' : 'alert alert-warning'}
              >
                {ct(key, { who })}
              </li>
            );
          })}
          {report.holders.map((h) => (
            <li key={h.credential_issuer}>
              {ct(h.revoked ? 'holderEnded' : 'holderNotEnded', {
                who: pick(h.name ?? undefined, h.credential_issuer),
              })}
            </li>
          ))}
        </ul>
        <p>
          <a class="button button-primary" href="/">
            {ct('toStart')}
          </a>
        </p>
      </section>
    );
  }

  return (
    <section>
      <h1 tabIndex={-1}>{ct('title')}</h1>
      <p>{ct('intro')}</p>
      <ul>
        <li>{ct('whatPermissions')}</li>
        <li>{ct('whatHolders')}</li>
        <li>{ct('whatDeleted')}</li>
        <li>
          {ct('whatReceipts')} <Link to="/usage">{ct('usageLink')}</Link>.
        </li>
      </ul>
      <ErrorMessage error={error} focus />
      <section class="card" aria-labelledby="close-step-1">
        <h2 id="close-step-1">{ct('step1')}</h2>
        <p>{ct('step1Text')}</p>
        <button type="button" class="button button-primary" onClick={() => void download()}>
          {ct('download')}
        </button>
        {exported && (
          <p class="alert alert-success" role="status" tabIndex={-1} ref={saved}>
            {ct('downloaded')}
          </p>
        )}
      </section>
      <section class="card" aria-labelledby="close-step-2">
        <h2 id="close-step-2">{ct('step2')}</h2>
        {!exported && <p id="close-locked">{ct('step2Locked')}</p>}
        <p class="checkbox-row">
          <input
            type="checkbox"
            id="close-erase"
            checked={erase}
            onChange={(e) => setErase((e.target as HTMLInputElement).checked)}
          />{' '}
          <label for="close-erase">{ct('eraseAlso')}</label>
        </p>
        {!asking && (
          <button
            type="button"
            class="button button-danger"
            disabled={!exported}
            aria-describedby={exported ? undefined : 'close-locked'}
            onClick={() => setAsking(true)}
          >
            {ct('close')}
          </button>
        )}
        {asking && (
          <ConfirmDialog
            id="confirm-close-account"
            yes={ct('confirmYes')}
            yesClass="button-danger"
            no={ct('cancel')}
            busy={busy}
            onYes={() => void close()}
            onNo={() => setAsking(false)}
          >
            {ct('confirm')}
          </ConfirmDialog>
        )}
        {busy && <p role="status">{ct('closing')}</p>}
      </section>
    </section>
  );
}
