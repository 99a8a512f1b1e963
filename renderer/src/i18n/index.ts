import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'holdfast.language';

function savedLanguage(): Language | null {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(saved ?? '') ? (saved as Language) : null;
  } catch {
    return null;
  }
}

/** Saved choice, else the system language: any Chinese variant → 简体中文, anything else → English. */
export function initialLanguage(): Language {
  return savedLanguage() ?? systemLanguage();
}

function applyToDocument(lng: string): void {
  document.documentElement.lang = lng === 'zh-CN' ? 'zh-CN' : 'en';
}

/** The system's language: any Chinese variant → 简体中文, anything else → English. */
export function systemLanguage(): Language {
  return /^zh\b/i.test(navigator.language ?? '') ? 'zh-CN' : 'en';
}

export function setLanguage(lng: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not persisted; the switch still applies to this window.
  }
  void i18next.changeLanguage(lng);
}

/** Applies the library's language setting ('auto' follows the system). The choice is also
 *  remembered in this browser, so the next start paints in the right language at once. */
export function applyLanguageSetting(setting: 'auto' | Language): void {
  if (setting === 'auto') {
    try {
      window.localStorage.removeItem(STORAGE_KEY);
    } catch {
      // nothing remembered
    }
    void i18next.changeLanguage(systemLanguage());
  } else setLanguage(setting);
}

i18next.on('languageChanged', applyToDocument);

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  react: { useSuspense: false },
});
applyToDocument(i18next.language);

export default i18next;
