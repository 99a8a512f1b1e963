import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemSummary } from '../../../main/api/contract.js';
import { api } from '../api/index.js';
import { formatSerial } from '../format.js';
import { EvidenceBadge } from './EvidenceBadge.js';
import { MediaIcon, WarningIcon } from './icons.js';

export function MediaPlaceholder({ item, size = 40 }: { item: Pick<ItemSummary, 'mediaType'>; size?: number }) {
  const { t } = useTranslation();
  return (
    <div className={`media-placeholder media-${item.mediaType}`}>
      <MediaIcon type={item.mediaType} size={size} />
      <span>{t(`mediaType.${item.mediaType}`)}</span>
    </div>
  );
}

export function CardPreview({ item }: { item: ItemSummary }) {
  const [failed, setFailed] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<string | null>(null);
  const sha = item.preview?.sha256 ?? null;
  if (!sha || failed === sha) return <MediaPlaceholder item={item} />;
  // The tiny blurred picture (inline in the list answer) stands in until the thumbnail is decoded.
  const blur = item.placeholder && loaded !== sha ? item.placeholder : null;
  return (
    <>
      {blur ? <img className="card-blur" src={blur} alt="" aria-hidden draggable={false} data-testid="card-blur" /> : null}
      <img
        className={blur ? 'card-thumb loading' : 'card-thumb'}
        src={api.mediaUrl(sha)}
        alt=""
        loading="lazy"
        decoding="async"
        draggable={false}
        onLoad={() => setLoaded(sha)}
        onError={() => setFailed(sha)}
      />
    </>
  );
}

interface ItemCardProps {
  item: ItemSummary;
  index: number;
  focusable: boolean;
  platformLabel: string;
  onOpen(item: ItemSummary, index: number): void;
  onFocusIndex(index: number): void;
}

export const ItemCard = memo(function ItemCard({ item, index, focusable, platformLabel, onOpen, onFocusIndex }: ItemCardProps) {
  const { t } = useTranslation();
  const serial = formatSerial(item.serial);
  const name = item.name || t('card.unnamed');
  return (
    <div
      className={`card${item.held ? '' : ' card-gone'}`}
      role="button"
      tabIndex={focusable ? 0 : -1}
      data-testid="item-card"
      data-item-id={item.id}
      data-index={index}
      aria-label={[name, item.creator, serial, item.held ? null : t('card.notHeld')].filter(Boolean).join(' · ')}
      onClick={() => onOpen(item, index)}
      onFocus={() => onFocusIndex(index)}
    >
      <div className="card-media">
        <CardPreview item={item} />
        {item.mediaType !== 'image' && item.preview ? (
          <span className="card-type" title={t(`mediaType.${item.mediaType}`)}>
            <MediaIcon type={item.mediaType} size={14} />
          </span>
        ) : null}
        {!item.held ? <span className="card-gone-marker">{t('card.notHeld')}</span> : null}
        {item.syncFailed ? (
          <span className="card-warn" title={t('card.syncFailed')} aria-label={t('card.syncFailed')} role="img">
            <WarningIcon />
          </span>
        ) : null}
      </div>
      <div className="card-info">
        <div className="card-name" title={name}>
          {name}
        </div>
        <div className="card-creator" title={item.creator ?? platformLabel}>
          {item.creator ?? platformLabel}
        </div>
        <div className="card-meta">
          <span className="card-serial">{serial ?? ''}</span>
          <EvidenceBadge level={item.evidenceLevel} />
        </div>
      </div>
    </div>
  );
});

export function SkeletonCard() {
  const { t } = useTranslation();
  return (
    <div className="card card-skeleton" aria-busy="true" aria-label={t('card.loading')}>
      <div className="card-media" />
      <div className="card-info">
        <div className="skeleton-line" />
        <div className="skeleton-line short" />
      </div>
    </div>
  );
}
