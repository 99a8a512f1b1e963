// "Add account" for EVM wallets: addresses, a chain preset or a custom chain id, RPC URLs.
// Validation is the API table's (accounts.add); its message is shown as it comes.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../../main/api/contract.js';
import { api } from '../../api/index.js';
import { errorMessage } from '../States.js';
import './accounts.css';
import { useAction } from '../use-action.js';

const PRESETS = ['ethereum', 'polygon', 'base', 'arbitrum'] as const;
type ChainChoice = (typeof PRESETS)[number] | 'custom';

/** What is typed in a box of addresses or URLs: one per line, or separated by spaces or commas. */
export const entriesOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function AddEvmAccountDialog({ onClose, onAdded }: { onClose(): void; onAdded(account: Account): void }) {
  const { t } = useTranslation();
  const [addresses, setAddresses] = useState('');
  const [chain, setChain] = useState<ChainChoice>('ethereum');
  const [chainId, setChainId] = useState('');
  const [rpcUrls, setRpcUrls] = useState('');
  const [name, setName] = useState('');
  const [allowLocal, setAllowLocal] = useState(false);
  const { busy, error, setError, run } = useAction();
  const [added, setAdded] = useState<Account | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const account = await api['accounts.add']({
        kind: 'evm',
        addresses: entriesOf(addresses),
        ...(chain === 'custom' ? { chainId: Number(chainId) } : { chain }),
        rpcUrls: entriesOf(rpcUrls),
        ...(name.trim() ? { name: name.trim() } : {}),
        allowLocalNetwork: allowLocal,
      });
      setAdded(account);
      onAdded(account);
    });
  }

  async function syncNow() {
    if (!added) return;
    try {
      await api['sync.start']({ accountId: added.id });
      onClose();
    } catch (e) {
      setError(errorMessage(e, t));
    }
  }

  return (
    <div className="modal-backdrop" role="presentation" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="add-account-title" data-testid="add-evm-account">
        <h2 id="add-account-title">{t('addAccount.title')}</h2>
        {added ? (
          <div className="modal-body">
            <p data-testid="add-account-done">{t('addAccount.added', { name: added.name })}</p>
            {error ? <p className="form-error" role="alert">{error}</p> : null}
            <div className="modal-actions">
              <button type="button" className="button button-quiet" onClick={onClose}>
                {t('addAccount.close')}
              </button>
              <button type="button" className="button button-primary" onClick={() => void syncNow()} data-testid="add-account-sync">
                {t('addAccount.syncNow')}
              </button>
            </div>
          </div>
        ) : (
          <form className="modal-body form" onSubmit={(e) => void submit(e)}>
            <label>
              <span>{t('addAccount.addresses')}</span>
              <textarea value={addresses} onChange={(e) => setAddresses(e.target.value)} rows={2} placeholder="0x…" required spellCheck={false} data-testid="add-account-addresses" />
              <small>{t('addAccount.addressesHint')}</small>
            </label>
            <label>
              <span>{t('addAccount.chain')}</span>
              <select value={chain} onChange={(e) => setChain(e.target.value as ChainChoice)} data-testid="add-account-chain">
                {PRESETS.map((p) => (
                  <option key={p} value={p}>
                    {t(`addAccount.preset.${p}`)}
                  </option>
                ))}
                <option value="custom">{t('addAccount.preset.custom')}</option>
              </select>
            </label>
            {chain === 'custom' ? (
              <label>
                <span>{t('addAccount.chainId')}</span>
                <input inputMode="numeric" value={chainId} onChange={(e) => setChainId(e.target.value)} required pattern="[0-9]+" data-testid="add-account-chain-id" />
              </label>
            ) : null}
            <label>
              <span>{t('addAccount.rpcUrls')}</span>
              <textarea value={rpcUrls} onChange={(e) => setRpcUrls(e.target.value)} rows={2} placeholder="https://…" spellCheck={false} required={chain === 'custom'} data-testid="add-account-rpc" />
              <small>{chain === 'custom' ? t('addAccount.rpcHintCustom') : t('addAccount.rpcHintPreset')}</small>
              <small data-testid="add-account-rpc-kept">{t('accountRpc.addHint')}</small>
            </label>
            <label>
              <span>{t('addAccount.name')}</span>
              <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={allowLocal} onChange={(e) => setAllowLocal(e.target.checked)} />
              <span>{t('addAccount.allowLocal')}</span>
            </label>
            {error ? (
              <p className="form-error" role="alert" data-testid="add-account-error">
                {error}
              </p>
            ) : null}
            <div className="modal-actions">
              <button type="button" className="button button-quiet" onClick={onClose}>
                {t('addAccount.cancel')}
              </button>
              <button type="submit" className="button button-primary" disabled={busy} data-testid="add-account-submit">
                {busy ? t('addAccount.adding') : t('addAccount.add')}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}

/** The button that opens the dialog (for the sidebar or the accounts page). */
export function AddAccountButton({ onAdded }: { onAdded?(account: Account): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="link-button" onClick={() => setOpen(true)} data-testid="add-account">
        {t('addAccount.open')}
      </button>
      {open ? <AddEvmAccountDialog onClose={() => setOpen(false)} onAdded={(a) => onAdded?.(a)} /> : null}
    </>
  );
}
