import type { MediaType } from '../../../main/api/contract.js';

const common = {
  width: 24,
  height: 24,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.6,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
};

export function MediaIcon({ type, size = 24 }: { type: MediaType; size?: number }) {
  const p = { ...common, width: size, height: size };
  switch (type) {
    case 'model':
      return (
        <svg {...p}>
          <path d="M12 2.8 20 7.2v9.6L12 21.2 4 16.8V7.2z" />
          <path d="M4 7.2 12 11.6l8-4.4M12 11.6v9.6" />
        </svg>
      );
    case 'video':
      return (
        <svg {...p}>
          <rect x="3" y="5" width="18" height="14" rx="2.5" />
          <path d="m10 9 5 3-5 3z" fill="currentColor" />
        </svg>
      );
    case 'audio':
      return (
        <svg {...p}>
          <path d="M9 18V6l11-2v12" />
          <circle cx="6.5" cy="18" r="2.5" />
          <circle cx="17.5" cy="16" r="2.5" />
        </svg>
      );
    case 'html':
      return (
        <svg {...p}>
          <path d="m8 8-4 4 4 4M16 8l4 4-4 4M13.5 5l-3 14" />
        </svg>
      );
    case 'image':
      return (
        <svg {...p}>
          <rect x="3" y="4" width="18" height="16" rx="2.5" />
          <circle cx="9" cy="10" r="1.8" />
          <path d="m4 18 5.5-5.5 4 4L16 14l4 4" />
        </svg>
      );
    default:
      return (
        <svg {...p}>
          <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
          <path d="M14 3v5h5" />
        </svg>
      );
  }
}

export function SearchIcon() {
  return (
    <svg {...common} width={18} height={18}>
      <circle cx="11" cy="11" r="6.5" />
      <path d="m20 20-4.2-4.2" />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...common} width={16} height={16}>
      <path d="M6 6l12 12M18 6 6 18" />
    </svg>
  );
}

export function BackIcon() {
  return (
    <svg {...common} width={18} height={18}>
      <path d="M15 5l-7 7 7 7" />
    </svg>
  );
}

export function SortOrderIcon({ order }: { order: 'asc' | 'desc' }) {
  return (
    <svg {...common} width={16} height={16}>
      {order === 'asc' ? <path d="M12 19V5m-6 6 6-6 6 6" /> : <path d="M12 5v14m-6-6 6 6 6-6" />}
    </svg>
  );
}

export function LogoMark() {
  return (
    <svg width={26} height={26} viewBox="0 0 32 32" aria-hidden>
      <rect x="1" y="1" width="30" height="30" rx="8" fill="#24477a" />
      <path d="M9 8v16M23 8v16M9 16h14" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      <circle cx="16" cy="16" r="2.6" fill="#f2c14e" />
    </svg>
  );
}

type IconProps = { size?: number };
const icon = (size: number) => ({ ...common, width: size, height: size });

export function LibraryIcon({ size = 18 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <rect x="3.5" y="3.5" width="7" height="7" rx="1.5" />
      <rect x="13.5" y="3.5" width="7" height="7" rx="1.5" />
      <rect x="3.5" y="13.5" width="7" height="7" rx="1.5" />
      <rect x="13.5" y="13.5" width="7" height="7" rx="1.5" />
    </svg>
  );
}

export function CollectionsIcon({ size = 18 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <path d="M4 8.5h16v10.5a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 4 19z" />
      <path d="M6 5.5h12M8 2.8h8" />
    </svg>
  );
}

export function AccountsIcon({ size = 18 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <circle cx="12" cy="8.5" r="3.8" />
      <path d="M4.5 20c.8-3.8 3.8-5.8 7.5-5.8s6.7 2 7.5 5.8" />
    </svg>
  );
}

export function SyncIcon({ size = 18 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <path d="M20 11a8 8 0 0 0-14.5-4.5L4 8" />
      <path d="M4 4v4h4" />
      <path d="M4 13a8 8 0 0 0 14.5 4.5L20 16" />
      <path d="M20 20v-4h-4" />
    </svg>
  );
}

export function SettingsIcon({ size = 18 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2.8v2.4M12 18.8v2.4M21.2 12h-2.4M5.2 12H2.8M18.5 5.5l-1.7 1.7M7.2 16.8l-1.7 1.7M18.5 18.5l-1.7-1.7M7.2 7.2 5.5 5.5" />
    </svg>
  );
}

export function GridViewIcon({ size = 16 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <rect x="4" y="4" width="6.5" height="6.5" rx="1.2" />
      <rect x="13.5" y="4" width="6.5" height="6.5" rx="1.2" />
      <rect x="4" y="13.5" width="6.5" height="6.5" rx="1.2" />
      <rect x="13.5" y="13.5" width="6.5" height="6.5" rx="1.2" />
    </svg>
  );
}

export function ListViewIcon({ size = 16 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <path d="M9 6h11M9 12h11M9 18h11" />
      <circle cx="4.8" cy="6" r="1" fill="currentColor" />
      <circle cx="4.8" cy="12" r="1" fill="currentColor" />
      <circle cx="4.8" cy="18" r="1" fill="currentColor" />
    </svg>
  );
}

export function WarningIcon({ size = 14 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <path d="M12 3.5 21.5 20h-19z" />
      <path d="M12 10v4.5M12 17.2v.3" />
    </svg>
  );
}

export function FolderIcon({ size = 16 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <path d="M3.5 6.5A1.5 1.5 0 0 1 5 5h4.5l2 2.2H19a1.5 1.5 0 0 1 1.5 1.5V18A1.5 1.5 0 0 1 19 19.5H5A1.5 1.5 0 0 1 3.5 18z" />
    </svg>
  );
}

export function ExportIcon({ size = 16 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <path d="M12 15V3.5M7.5 8 12 3.5 16.5 8" />
      <path d="M5 13v6a1.5 1.5 0 0 0 1.5 1.5h11A1.5 1.5 0 0 0 19 19v-6" />
    </svg>
  );
}

export function ArIcon({ size = 16 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <path d="M12 3 20 7.5v9L12 21l-8-4.5v-9z" />
      <path d="M4 7.5 12 12l8-4.5M12 12v9" />
    </svg>
  );
}

export function PlayIcon({ size = 16 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <path d="M7 4.5v15l12-7.5z" fill="currentColor" />
    </svg>
  );
}

export function PauseIcon({ size = 16 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <path d="M7.5 5v14M16.5 5v14" strokeWidth="3" />
    </svg>
  );
}

export function ResetViewIcon({ size = 16 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <path d="M4 12a8 8 0 1 0 2.3-5.6" />
      <path d="M4 4v4.5h4.5" />
      <circle cx="12" cy="12" r="2" />
    </svg>
  );
}

export function FullscreenIcon({ size = 16 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />
    </svg>
  );
}

export function RotateIcon({ size = 16 }: IconProps) {
  return (
    <svg {...icon(size)}>
      <ellipse cx="12" cy="12" rx="9" ry="4" />
      <path d="m16 6.5 2.5 1.7-2 2.2" />
    </svg>
  );
}
