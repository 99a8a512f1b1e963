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
