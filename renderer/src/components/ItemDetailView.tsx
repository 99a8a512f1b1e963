import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, Evidence, FileRef, ItemDetail, Platform } from '../../../main/api/contract.js';
import { ApiCallError, api } from '../api/index.js';
import { formatBytes, formatDate, formatSerial, platformName } from '../format.js';
import { EvidenceBadge, evidenceKey } from './EvidenceBadge.js';
import { EvidenceVerifyPanel } from './evidence/EvidenceVerifyPanel.js';
import { MediaPlaceholder } from './ItemCard.js';
import { BackIcon } from './icons.js';
import { ErrorState, LoadingState } from './States.js';
import { ArPanel } from './ar/ArPanel.js';

interface ItemDetailViewProps {
  itemId: string;
  platforms: Map<string, Platform>;
  accounts: Map<string, Account>;
  onClose(): void;
}

type Load = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; item: ItemDetail };

function CopyButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const timer = window.setTimeout(() => setStatus('idle'), 1600);
    return () => window.clearTimeout(timer);
  }, [status]);
  return (
    <button
      type="button"
      className="copy-button"
      aria-label={t('detail.copyLabel', { field: label })}
      data-testid="copy-button"
      onClick={() => {
        navigator.clipboard.writeText(value).then(
          () => setStatus('copied'),
          () => setStatus('failed'),
        );
      }}
    >
      {status === 'copied' ? t('detail.copied') : status === 'failed' ? t('detail.copyFailed') : t('detail.copy')}
    </button>
  );
}

function Media({ item }: { item: ItemDetail }) {
  const { t } = useTranslation();
  const file = (...roles: string[]): FileRef | null => {
    for (const role of roles) {
      const found = item.files.find((f) => f.role === role);
      if (found) return found;
    }
    return null;
  };
  const url = (f: FileRef | null) => (f ? api.mediaUrl(f.sha256) : undefined);
  const image = (f: FileRef | null, alt: string) =>
    f ? <img className="detail-image" src={url(f)} alt={alt} decoding="async" /> : <MediaPlaceholder item={item} size={64} />;

  switch (item.mediaType) {
    case 'image':
      return image(file('image', 'animation') ?? item.preview, t('detail.mediaAlt', { name: item.name }));
    case 'video': {
      const video = file('video', 'animation');
      if (!video) return image(item.preview, t('detail.mediaAlt', { name: item.name }));
      return <video className="detail-video" controls preload="metadata" src={url(video)} poster={url(file('poster') ?? item.preview)} />;
    }
    case 'audio': {
      const audio = file('audio');
      return (
        <div className="detail-audio">
          {image(file('poster', 'image') ?? item.preview, t('detail.coverAlt', { name: item.name }))}
          {audio ? <audio controls preload="metadata" src={url(audio)} /> : null}
        </div>
      );
    }
    case 'model':
      return (
        <div className="detail-model">
          {image(file('poster', 'image') ?? item.preview, t('detail.mediaAlt', { name: item.name }))}
          <p className="media-note">{t('detail.modelNote')}</p>
        </div>
      );
    default:
      return (
        <div className="detail-model">
          {image(item.preview ?? file('poster', 'image'), t('detail.mediaAlt', { name: item.name }))}
          <p className="media-note">{item.files.length ? t('detail.mediaNote') : t('detail.noMedia')}</p>
        </div>
      );
  }
}

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
    <li className="evidence-entry">
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
    body = notFound ? (
      <ErrorState message={t('detail.notFound')} />
    ) : (
      <ErrorState error={load.error} onRetry={() => setAttempt((n) => n + 1)} />
    );
  } else {
    const it = load.item;
    const level = evidenceKey(it.evidenceLevel);
    const mono = (value: string | null, copy?: string) =>
      value ? (
        <span className="mono-row">
          <span className="mono">{value}</span>
          {copy ? <CopyButton value={value} label={copy} /> : null}
        </span>
      ) : null;
    const rows: [string, ReactNode][] = [
      [t('field.name'), it.name],
      [t('field.creator'), it.creator],
      [t('field.issuer'), it.issuer],
      [t('field.collection'), it.collection],
      [t('field.serial'), formatSerial(it.serial)],
      [t('field.platform'), platformName(platforms.get(it.platform), it.platform, lang)],
      [t('field.account'), accounts.get(it.accountId)?.name ?? it.accountId],
      [t('field.mediaType'), t(`mediaType.${it.mediaType}`)],
      [t('field.holding'), it.held ? t('detail.held') : t('detail.notHeld')],
      [t('field.chain'), it.chain],
      [t('field.standard'), it.standard],
      [t('field.contract'), mono(it.contract, t('field.contract'))],
      [t('field.tokenId'), mono(it.tokenId)],
      [t('field.txHash'), mono(it.txHash, t('field.txHash'))],
      [t('field.issuedAt'), formatDate(it.issuedAt, lang)],
      [t('field.acquiredAt'), formatDate(it.acquiredAt, lang)],
      [t('field.externalId'), mono(it.externalId)],
      [t('field.firstSeenAt'), formatDate(it.firstSeenAt, lang, true)],
      [t('field.lastSeenAt'), formatDate(it.lastSeenAt, lang, true)],
    ];
    body = (
      <div className="detail-body">
        <div className="detail-media">
          <Media item={it} />
        </div>
        <div className="detail-info">
          <div className="detail-title">
            <h1 id="detail-name" data-testid="item-detail-name">
              {it.name || t('card.unnamed')}
            </h1>
            {it.creator ? <p className="detail-creator">{it.creator}</p> : null}
            {!it.held ? <span className="gone-pill">{t('card.notHeld')}</span> : null}
          </div>

          <section className={`evidence-panel evidence-panel-l${level}`}>
            <EvidenceBadge level={it.evidenceLevel} large />
            <div>
              <h2>
                {t('detail.evidence')} · {t(`evidence.name.${level}`)}
              </h2>
              <p>{t(`evidence.explain.${level}`)}</p>
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

          <section className="detail-section">
            <h2>{t('detail.details')}</h2>
            <dl className="meta">
              {rows
                .filter(([, v]) => v !== null && v !== undefined && v !== '')
                .map(([label, value]) => (
                  <div key={label}>
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
            </dl>
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

          <ArPanel item={it} />

          <section className="detail-section">
            <h2>{t('detail.evidence')}</h2>
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

          <section className="detail-section">
            <h2>{t('detail.files')}</h2>
            {it.files.length ? (
              <table className="files">
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
                      <td className="mono path" title={f.path}>
                        {f.path}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{t('files.none')}</p>
            )}
          </section>
        </div>
      </div>
    );
  }

  return (
    <section className="detail" data-testid="item-detail" role="dialog" aria-modal="true" aria-labelledby={item ? 'detail-name' : undefined} aria-label={item ? undefined : t('detail.label')}>
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
