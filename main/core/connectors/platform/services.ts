// What the platform code needs from the shell it runs in: where sessions are kept, and (in the
// desktop app only) a way to open the platform's sign-in page in its own window. The CLI and
// the browser mode use the defaults; Electron's main process installs its own at start.
import { join } from 'node:path';
import type { RecordedResponse } from '../../capture/recorded.js';
import { FileSessionVault, resolveAppDataDir, type SessionVault, type StoredCookie } from './session-vault.js';

export interface SignInWindowRequest {
  accountId: string;
  startUrl: string;
  origins: string[];
  sessionCookies: string[];
  successUrl: string | null;
  /** Record the JSON the pages receive, until the window closes (capture mode). */
  capture: boolean;
  title: string;
}

export interface SignInWindowResult {
  signedIn: boolean;
  /** Cookies of the platform's origins when the window closed (the session). */
  cookies: StoredCookie[];
  recorded: RecordedResponse[];
}

export type SignInWindowOpener = (request: SignInWindowRequest) => Promise<SignInWindowResult>;

let vault: SessionVault | null = null;
let windowOpener: SignInWindowOpener | null = null;

export function sessionVault(): SessionVault {
  vault ??= new FileSessionVault(join(resolveAppDataDir(), 'secrets'));
  return vault;
}

export function useSessionVault(next: SessionVault): void {
  vault = next;
}

export function signInWindowOpener(): SignInWindowOpener | null {
  return windowOpener;
}

export function useSignInWindowOpener(opener: SignInWindowOpener | null): void {
  windowOpener = opener;
}

// ── the demo's platform ─────────────────────────────────────────────────────────────────────
// `holdfast demo` adds a platform account on the built-in emulator, which runs only while the
// demo builds the library. The addresses of emulators running in this process are kept here, so
// a demo account whose emulator is gone gets a clear message instead of "connection refused".
const liveDemoPlatforms = new Set<string>();

export function demoPlatformStarted(baseUrl: string): void {
  liveDemoPlatforms.add(new URL(baseUrl).origin);
}

export function demoPlatformStopped(baseUrl: string): void {
  liveDemoPlatforms.delete(new URL(baseUrl).origin);
}

export function isDemoPlatformLive(baseUrl: string): boolean {
  try {
    return liveDemoPlatforms.has(new URL(baseUrl).origin);
  } catch {
    return false;
  }
}
