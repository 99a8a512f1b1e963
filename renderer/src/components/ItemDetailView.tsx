import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, Evidence, ItemDetail, ItemFile, Platform } from '../../../main/api/contract.js';
import { ApiCallError, api, transport } from '../api/index.js';
import { formatBytes, formatDate, formatSerial, platformName } from '../format.js';
import { CopyButton } from './CopyButton.js';
import { EvidenceBadge, evidenceKey } from './EvidenceBadge.js';
import { EvidenceVerifyPanel } from './evidence/EvidenceVerifyPanel.js';
import { EditCertificateFields } from './import/EditCertificateFields.js';
import { ArIcon, BackIcon, ExportIcon, FolderIcon } from './icons.js';
import { ItemMedia, renditionsOf } from './media/ItemMedia.js';
import { ErrorState, LoadingState, errorMessage } from './States.js';
import { ArPanel } from './ar/ArPanel.js';

interface ItemDetailViewProps {
  itemId: string;
  platforms: Map<string, Platform>;
  accounts: Map<string, Account>;
  onClose(): void;
}

type Load = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; item: ItemDetail };

function summaryValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function EvidenceEntry({ evidence }: { evidence: Evidence }) {
  const { t, i18n } = useTranslation();
  const verified =
    evidence.verified === true ? (
      <span className="verify verify-ok">{t('evidence.verified')}</span>
    ) : evidence.verified === false ? (
      <span className="verify verify-bad">{t('evidence.verifyFailed')}</span>
    ) : (
      <span className="verify verify-none">{t('evidence.unverified')}</span>
    );
  const entries = Object.entries(evidence.summary);
  return (
    <li className="evidence-entry" data-testid="evidence-entry">
      <div className="evidence-entry-head">
        <EvidenceBadge level={evidence.level} testId="evidence-entry-level" />
        <strong>{t(`evidence.kind.${evidence.kind}`, { defaultValue: evidence.kind })}</strong>
        {verified}
      </div>
      <div className="evidence-entry-sub">{t('evidence.capturedAt', { date: formatDate(evidence.capturedAt, i18n.language, true) })}</div>
      {evidence.verifyMessage ? <div className="evidence-entry-message">{evidence.verifyMessage}</div> : null}
      {entries.length ? (
        <dl className="evidence-summary">
          {entries.map(([k, v]) => (
            <div key={k}>
              <dt>{t(`evidence.summaryKey.${k}`, { defaultValue: k })}</dt>
              <dd className="mono">{summaryValue(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {evidence.file ? (
        <div className="evidence-entry-file">
          <a href={api.mediaUrl(evidence.file.sha256)} target="_blank" rel="noreferrer">
            {t('evidence.fileLabel')}
          </a>{' '}
          <span className="muted">
            {evidence.file.mime} · {formatBytes(t, evidence.file.size, i18n.language)}
          </span>
        </div>
      ) : null}
    </li>
  );
}

/** "Show in folder": the file manager in the desktop app; the path to copy in a browser. */
function RevealButton({ file, label, compact = false }: { file: ItemFile; label?: string; compact?: boolean }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<{ path: string } | { error: string } | null>(null);
  return (
    <span className="reveal">
      <button
        type="button"
        className={compact ? 'copy-button' : 'button button-quiet'}
        data-testid="reveal-button"
        onClick={() => {
          api['files.reveal']({ sha256: file.sha256 }).then(
            (r) => setShown(r.revealed ? null : { path: r.path }),
            (error: unknown) => setShown({ error: errorMessage(error, t) }),
          );
        }}
      >
        {compact ? null : <FolderIcon />}
        <span>{label ?? t(transport === 'electron' ? 'detail.revealApp' : 'detail.revealBrowser')}</span>
      </button>
      {shown && 'path' in shown ? (
        <span className="reveal-path" role="status" data-testid="reveal-path">
          <span className="mono">{shown.path}</span>
          <CopyButton value={shown.path} label={t('files.path')} />
        </span>
      ) : null}
      {shown && 'error' in shown ? (
        <span className="inline-error" role="alert">
          {shown.error}
        </span>
      ) : null}
    </span>
  );
}

function ExportButton({ item }: { item: ItemDetail }) {
  const { t } = useTranslation();
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'working' } | { kind: 'done'; path: string; download: string | null } | { kind: 'error'; message: string }
  >({ kind: 'idle' });
  return (
    <span className="export">
      <button
        type="button"
        className="button button-quiet"
        data-testid="export-item"
        disabled={state.kind === 'working'}
        onClick={() => {
          setState({ kind: 'working' });
          api['bundle.export']({ itemIds: [item.id] }).then(
            (r) => setState({ kind: 'done', path: r.path, download: r.downloadName ? `bundles/download/${encodeURIComponent(r.downloadName)}` : null }),
            (error: unknown) => setState({ kind: 'error', message: errorMessage(error, t) }),
          );
        }}
      >
        <ExportIcon />
        <span>{state.kind === 'working' ? t('detail.exporting') : t('detail.export')}</span>
      </button>
      {state.kind === 'done' ? (
        <span className="reveal-path" role="status" data-testid="export-result">
          <span>{t('detail.exported')}</span>
          <span className="mono">{state.path}</span>
          <CopyButton value={state.path} label={t('files.path')} />
          {state.download && transport === 'http' ? (
            <a className="copy-button" href={state.download} download>
              {t('detail.download')}
            </a>
          ) : null}
        </span>
      ) : null}
      {state.kind === 'error' ? (
        <span className="inline-error" role="alert">
          {state.message}
        </span>
      ) : null}
    </span>
  );
}

/** What a collector would paste to prove what they hold. */
function provenanceText(it: ItemDetail, platform: string, t: (k: string) => string): string {
  return [
    [t('field.name'), it.name],
    [t('field.platform'), platform],
    [t('field.issuer'), it.issuer],
    [t('field.creator'), it.creator],
    [t('field.serial'), formatSerial(it.serial)],
    [t('field.chain'), it.chain],
    [t('field.contract'), it.contract],
    [t('field.tokenId'), it.tokenId],
    [t('field.txHash'), it.txHash],
    [t('field.acquiredAt'), it.acquiredAt],
    [t('field.evidence'), `L${it.evidenceLevel}`],
  ]
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

export function ItemDetailView({ itemId, platforms, accounts, onClose }: ItemDetailViewProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const backRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    api['items.get']({ id: itemId }).then(
      (item) => live && setLoad({ state: 'ready', item }),
      (error: unknown) => live && setLoad({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [itemId, attempt]);

  useEffect(() => {
    backRef.current?.focus();
  }, [itemId]);

  const item = load.state === 'ready' ? load.item : null;
  useEffect(() => {
    document.title = item ? t('app.itemTitle', { name: item.name }) : t('app.title');
    return () => {
      document.title = t('app.title');
    };
  }, [item, t]);

  let body: ReactNode;
  if (load.state === 'loading') body = <LoadingState message={t('detail.loading')} />;
  else if (load.state === 'error') {
    const notFound = load.error instanceof ApiCallError && load.error.code === 'not_found';
    body = notFound ? <ErrorState message={t('detail.notFound')} /> : <ErrorState error={load.error} onRetry={() => setAttempt((n) => n + 1)} />;
  } else {
    const it = load.item;
    const level = evidenceKey(it.evidenceLevel);
    const platform = platformName(platforms.get(it.platform), it.platform, lang);
    const mainFile = renditionsOf(it)[0]?.file ?? it.files[0] ?? null;
    const arFiles = it.files.filter((f) => f.role === 'ar-glb' || f.role === 'ar-usdz');
    const verifiedCount = it.evidence.filter((e) => e.verified === true).length;
    const failedCount = it.evidence.filter((e) => e.verified === false).length;
    const mono = (value: string | null, copy?: string) =>
      value ? (
        <span className="mono-row">
          <span className="mono">{value}</span>
          {copy ? <CopyButton value={value} label={copy} /> : null}
        </span>
      ) : null;
    const certificate: [string, ReactNode][] = [
      [t('field.issuer'), it.issuer],
      [t('field.creator'), it.creator],
      [t('field.collection'), it.collection],
      [t('field.serial'), formatSerial(it.serial)],
      [t('field.issuedAt'), formatDate(it.issuedAt, lang)],
      [t('field.chain'), it.chain],
      [t('field.standard'), it.standard],
      [t('field.contract'), mono(it.contract, t('field.contract'))],
      [t('field.tokenId'), mono(it.tokenId, t('field.tokenId'))],
      [t('field.txHash'), mono(it.txHash, t('field.txHash'))],
    ];
    const provenance: [string, ReactNode][] = [
      [t('field.platform'), platform],
      [t('field.account'), accounts.get(it.accountId)?.name ?? it.accountId],
      [t('field.acquiredAt'), formatDate(it.acquiredAt, lang)],
      [t('field.holding'), it.held ? t('detail.held') : t('detail.notHeld')],
      [t('field.mediaType'), t(`mediaType.${it.mediaType}`)],
      [t('field.externalId'), mono(it.externalId)],
      [t('field.firstSeenAt'), formatDate(it.firstSeenAt, lang, true)],
      [t('field.lastSeenAt'), formatDate(it.lastSeenAt, lang, true)],
    ];
    const rows = (list: [string, ReactNode][]) =>
      list
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ));
    const metadataEntries = Object.keys(it.metadata).length;
    body = (
      <div className="detail-body">
        <div className="detail-media">
          <ItemMedia item={it} />
        </div>
        <div className="detail-info">
          <div className="detail-title">
            <h1 id="detail-name" data-testid="item-detail-name">
              {it.name || t('card.unnamed')}
            </h1>
            {it.creator ? <p className="detail-creator">{it.creator}</p> : null}
            <p className="detail-platform">
              {platform}
              {it.collection ? ` · ${it.collection}` : ''}
              {it.serial ? ` · ${formatSerial(it.serial)}` : ''}
            </p>
            {!it.held ? <span className="gone-pill">{t('card.notHeld')}</span> : null}
          </div>

          <div className="detail-actions" role="group" aria-label={t('detail.actions')}>
            {mainFile ? <RevealButton file={mainFile} /> : null}
            <CopyButtonLarge value={provenanceText(it, platform, t)} />
            <ExportButton item={it} />
            {arFiles.length ? (
              <a className="button button-quiet" href="#ar" data-testid="view-ar">
                <ArIcon />
                <span>{t('detail.viewAr')}</span>
              </a>
            ) : null}
          </div>

          <section className={`evidence-panel evidence-panel-l${level}`} data-testid="evidence-panel">
            <EvidenceBadge level={it.evidenceLevel} large />
            <div>
              <h2>
                {t('detail.evidence')} · {t(`evidence.name.${level}`)}
              </h2>
              <p>{t(`evidence.explain.${level}`)}</p>
              <p className="evidence-checked">
                {it.evidence.length
                  ? t('evidence.checkedSummary', { count: it.evidence.length, total: it.evidence.length, verified: verifiedCount, failed: failedCount })
                  : t('evidence.listEmpty')}
              </p>
            </div>
          </section>

          {it.syncError ? (
            <p className="sync-error" role="note">
              <strong>{t('detail.syncError')}</strong> {it.syncError}
            </p>
          ) : null}

          {it.description ? (
            <section className="detail-section">
              <h2>{t('detail.description')}</h2>
              <p className="description">{it.description}</p>
            </section>
          ) : null}

          {rows(certificate).length ? (
            <section className="detail-section">
              <h2>{t('detail.certificate')}</h2>
              <dl className="meta">{rows(certificate)}</dl>
            </section>
          ) : null}

          <EditCertificateFields item={it} account={accounts.get(it.accountId)} onSaved={(saved) => setLoad({ state: 'ready', item: saved })} />

          <section className="detail-section">
            <h2>{t('detail.provenance')}</h2>
            <dl className="meta">{rows(provenance)}</dl>
          </section>

          {it.attributes.length ? (
            <section className="detail-section">
              <h2>{t('detail.attributes')}</h2>
              <dl className="attributes">
                {it.attributes.map((a, i) => (
                  <div key={`${a.trait}-${i}`}>
                    <dt>{a.trait}</dt>
                    <dd>{a.value}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ) : null}

          <section className="detail-section">
            <h2>{t('detail.evidenceList')}</h2>
            {it.evidence.length ? (
              <ul className="evidence-list">
                {it.evidence.map((e) => (
                  <EvidenceEntry key={e.id} evidence={e} />
                ))}
              </ul>
            ) : (
              <p className="muted">{t('evidence.listEmpty')}</p>
            )}
            {it.evidence.length ? <EvidenceVerifyPanel itemId={it.id} /> : null}
          </section>

          {/* View in AR: files, QR code for a phone, what could not be built (issue 7). */}
          <ArPanel item={it} />

          <section className="detail-section">
            <h2>{t('detail.files')}</h2>
            {it.files.length ? (
              <table className="files" data-testid="files-table">
                <thead>
                  <tr>
                    <th>{t('files.role')}</th>
                    <th>{t('files.mime')}</th>
                    <th className="num">{t('files.size')}</th>
                    <th>{t('files.path')}</th>
                  </tr>
                </thead>
                <tbody>
                  {it.files.map((f, i) => (
                    <tr key={`${f.sha256}-${f.role}-${i}`}>
                      <td>{t(`files.roles.${f.role}`)}</td>
                      <td className="mono">{f.mime}</td>
                      <td className="num">{formatBytes(t, f.size, lang)}</td>
                      <td className="path-cell">
                        <span className="mono path" title={f.path}>
                          {f.path}
                        </span>
                        <span className="path-actions">
                          <CopyButton value={f.path} label={t('files.path')} />
                          {transport === 'electron' ? <RevealButton file={f} label={t('detail.revealShort')} compact /> : null}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{t('files.none')}</p>
            )}
          </section>

          {metadataEntries ? (
            <details className="detail-section raw-metadata">
              <summary>{t('detail.rawMetadata', { count: metadataEntries })}</summary>
              <pre className="mono">{JSON.stringify(it.metadata, null, 2)}</pre>
            </details>
          ) : null}
        </div>
      </div>
    );
  }

  return (
    <section
      className="detail"
      data-testid="item-detail"
      role="dialog"
      aria-modal="true"
      aria-labelledby={item ? 'detail-name' : undefined}
      aria-label={item ? undefined : t('detail.label')}
    >
      <div className="detail-bar">
        <button type="button" ref={backRef} className="back-button" data-testid="back-button" onClick={onClose}>
          <BackIcon />
          <span>{t('detail.back')}</span>
        </button>
        {item ? <span className="detail-bar-title">{item.name}</span> : null}
      </div>
      <div className="detail-scroll">{body}</div>
    </section>
  );
}

function CopyButtonLarge({ value }: { value: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (copied === 'idle') return;
    const timer = window.setTimeout(() => setCopied('idle'), 1600);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="button button-quiet"
      data-testid="copy-details"
      onClick={() =>
        navigator.clipboard.writeText(value).then(
          () => setCopied('copied'),
          () => setCopied('failed'),
        )
      }
    >
      {copied === 'copied' ? t('detail.copied') : copied === 'failed' ? t('detail.copyFailed') : t('detail.copyDetails')}
    </button>
  );
}
