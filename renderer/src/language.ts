// Choosing the interface language: applied at once, remembered in this browser, and saved in
// the library's settings so the other shell (and the next start) uses it too.
import { api } from './api/index.js';
import { applyLanguageSetting, type Language } from './i18n/index.js';

export function chooseLanguage(setting: 'auto' | Language): void {
  applyLanguageSetting(setting);
  api['settings.set']({ language: setting }).catch(() => undefined);
}
