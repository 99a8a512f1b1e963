// Accounts: each account with its platform, status, counts, storage and last sync; buttons to
// see its items and to sync it. Ways to add an account plug into <AccountsActions> (the top
// right of the page): the wallet form, the platform sign-in, folder import.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../main/api/contract.js';
import { api } from '../api/index.js';
import { useApp } from '../app-context.js';
import { EmptyState, LoadingState, errorMessage } from '../components/States.js';
import { formatBytes, formatDate, numberFormat } from '../format.js';
import { ImportActions } from '../components/import/ImportActions.js';
import { EvmAccountRpc } from '../components/accounts/EvmAccountRpc.js';
import { AddPlatformAccountButton } from '../components/platform/AddPlatformAccountDialog.js';
import { PlatformAccountStatus } from '../components/platform/PlatformAccountStatus.js';

/** Where "add an account" features put their buttons. */
export function AccountsActions(): ReactNode {
  return (
    <>
      <AddPlatformAccountButton />
      <ImportActions />
    </>
  );
}

function AccountRow({ account }: { account: Account }) {
  const { t, i18n } = useTranslation();
  const { openLibrary, platformLabel, openPage } = useApp();
  const [status, setStatus] = useState<{ kind: 'idle' } | { kind: 'started' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const number = numberFormat(i18n.language);
  return (
    <li className="account-card" data-testid="account-card" data-account-id={account.id}>
      <div className="account-main">
        <span className={`status-dot account-${account.status}`} role="img" aria-label={t(`accountStatus.${account.status}`)} />
        <div className="account-title">
          <h2>{account.name}</h2>
          <p className="account-platform">
            {platformLabel(account.platform)} · {t(`accountKind.${account.kind}`)} · {t(`accountStatus.${account.status}`)}
          </p>
          {account.statusMessage && account.kind !== 'platform' ? <p className="account-message">{account.statusMessage}</p> : null}
          <PlatformAccountStatus account={account} />
          <EvmAccountRpc account={account} />
        </div>
      </div>
      <dl className="account-stats">
        <div>
          <dt>{t('accounts.items')}</dt>
          <dd data-testid="account-items">{number.format(account.itemCount)}</dd>
        </div>
        <div>
          <dt>{t('accounts.held')}</dt>
          <dd>{number.format(account.heldCount)}</dd>
        </div>
        <div>
          <dt>{t('accounts.storage')}</dt>
          <dd data-testid="account-storage">{account.storageBytes !== undefined ? formatBytes(t, account.storageBytes, i18n.language) : '—'}</dd>
        </div>
        <div>
          <dt>{t('accounts.lastSync')}</dt>
          <dd>{formatDate(account.lastSyncAt, i18n.language, true) ?? t('accounts.never')}</dd>
        </div>
      </dl>
      <div className="account-actions">
        <button type="button" className="button button-quiet" onClick={() => openLibrary({ accountId: account.id })}>
          {t('accounts.showItems')}
        </button>
        <button
          type="button"
          className="button"
          disabled={status.kind === 'started'}
          onClick={() => {
            api['sync.start']({ accountId: account.id }).then(
              () => {
                setStatus({ kind: 'started' });
                openPage('sync');
              },
              (error: unknown) => setStatus({ kind: 'error', message: errorMessage(error, t) }),
            );
          }}
        >
          {t('accounts.sync')}
        </button>
        {status.kind === 'error' ? (
          <p className="inline-error" role="alert">
            {status.message}
          </p>
        ) : null}
      </div>
    </li>
  );
}

export function AccountsPage() {
  const { t } = useTranslation();
  const { accounts } = useApp();
  let body;
  if (accounts === null) body = <LoadingState />;
  else if (accounts.length === 0) body = <EmptyState title={t('accounts.emptyTitle')} body={t('accounts.emptyBody')} />;
  else
    body = (
      <ul className="account-list">
        {accounts.map((a) => (
          <AccountRow key={a.id} account={a} />
        ))}
      </ul>
    );
  return (
    <div className="page" data-testid="accounts-page">
      <header className="page-head">
        <div>
          <h1>{t('accounts.title')}</h1>
          <p className="page-sub">{accounts ? t('accounts.count', { count: accounts.length }) : '\u00a0'}</p>
        </div>
        <div className="page-actions">
          <AccountsActions />
        </div>
      </header>
      <div className="page-body">{body}</div>
    </div>
  );
}
