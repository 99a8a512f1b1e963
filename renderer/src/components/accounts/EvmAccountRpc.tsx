// A wallet's RPC URLs on its account card: as the catalog keeps them (custom ones as
// scheme://host/…, since they may carry an API key) and a form to enter new ones
// (accounts.setRpc) — what a sync asks for when the kept copy is gone or can't be decrypted.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../../main/api/contract.js';
import { api } from '../../api/index.js';
import './accounts.css';
import { useAction } from '../use-action.js';
import { entriesOf } from './AddEvmAccountDialog.js';

export function EvmAccountRpc({ account }: { account: Account }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [urls, setUrls] = useState('');
  const { busy, error, run } = useAction();
  if (account.kind !== 'evm' || !account.rpc) return null;

  async function save(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      await api['accounts.setRpc']({ accountId: account.id, rpcUrls: entriesOf(urls) });
      setEditing(false);
      setUrls('');
    });
  }

  return (
    <div className="account-rpc" data-testid="account-rpc">
      <p>
        <span className="account-rpc-label">{t('accountRpc.label')}</span> <code data-testid="account-rpc-urls">{account.rpc.urls.join(', ')}</code>
        {account.rpc.secret ? <small> · {t('accountRpc.kept')}</small> : null}{' '}
        {editing ? null : (
          <button type="button" className="link-button" onClick={() => setEditing(true)} data-testid="account-rpc-change">
            {t('accountRpc.change')}
          </button>
        )}
      </p>
      {editing ? (
        <form className="account-rpc-form" onSubmit={(e) => void save(e)}>
          <label>
            <span>{t('accountRpc.title', { name: account.name })}</span>
            <textarea value={urls} onChange={(e) => setUrls(e.target.value)} rows={2} placeholder="https://…" required spellCheck={false} autoComplete="off" data-testid="account-rpc-input" />
            <small>{t('accountRpc.hint')}</small>
          </label>
          {error ? (
            <p className="form-error" role="alert" data-testid="account-rpc-error">
              {error}
            </p>
          ) : null}
          <div className="modal-actions">
            <button type="button" className="button button-quiet" onClick={() => setEditing(false)}>
              {t('accountRpc.cancel')}
            </button>
            <button type="submit" className="button button-primary" disabled={busy} data-testid="account-rpc-save">
              {busy ? t('accountRpc.saving') : t('accountRpc.save')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
