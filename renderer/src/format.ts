import type { TFunction } from 'i18next';
import type { Platform } from '../../main/api/contract.js';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

// Making an Intl formatter costs far more than using one; lists format hundreds of values.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A cached Intl.NumberFormat for this language (and at most this many fraction digits). */
export function numberFormat(lang: string, maximumFractionDigits?: number): Intl.NumberFormat {
  const key = `${lang}|${maximumFractionDigits ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, maximumFractionDigits === undefined ? {} : { maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format;
}

function dateFormat(lang: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'long' });
    dateFormats.set(key, format);
  }
  return format;
}

export function formatBytes(t: TFunction, bytes: number, lang: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const formatted = numberFormat(lang, digits).format(value);
  return t(`size.${UNITS[unit]}`, { value: formatted });
}

export function formatDate(iso: string | null, lang: string, withTime = false): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(lang, withTime).format(date);
}

/** Serials come as "#12/10000", "12/10000" or "12"; always shown with a leading "#". */
export function formatSerial(serial: string | null): string | null {
  if (!serial) return null;
  const s = serial.trim();
  return /^\d/.test(s) ? `#${s}` : s;
}

export function platformName(platform: Platform | undefined, fallbackId: string, lang: string): string {
  if (!platform) return fallbackId;
  return lang.startsWith('zh') && platform.nameZh ? platform.nameZh : platform.name;
}
