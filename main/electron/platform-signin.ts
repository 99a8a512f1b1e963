// Custodial platforms in the desktop app: the platform's own sign-in page in a window with the
// account's own persistent partition (signin-window.ts: no preload, sandbox, navigation limited
// to the platform's origins), success detected from the profile (its session cookies are set, or
// the page reached `successUrl`), the session's cookies kept with safeStorage, and — in capture
// mode — the JSON the pages receive recorded over the window's DevTools protocol
// (`webContents.debugger`), the same recorder the tests drive in Chromium.
import type { BrowserWindow, BrowserWindowConstructorOptions, Cookie, Session } from 'electron';
import { CdpRecorder, type CdpSession } from '../core/capture/recorder.js';
import type { RecordedResponse } from '../core/capture/recorded.js';
import { useSessionVault, useSignInWindowOpener, type SignInWindowOpener, type SignInWindowRequest } from '../core/connectors/platform/services.js';
import type { PlatformSession, SessionVault, StoredCookie } from '../core/connectors/platform/session-vault.js';
import type { SecretStore } from './secrets.js';
import { accountPartition, openSignInWindow } from './signin-window.js';

const secretName = (accountId: string) => `platform-session.${accountId}`;

/** Platform sessions kept as safeStorage secrets (which refuses Linux's basic_text backend
 *  unless the user agreed: then saving a session fails with that reason). */
export function safeStorageSessionVault(secrets: SecretStore): SessionVault {
  return {
    description: 'the system keychain (Electron safeStorage)',
    async load(accountId) {
      const text = secrets.get(secretName(accountId));
      if (!text) return null;
      try {
        return JSON.parse(text) as PlatformSession;
      } catch {
        return null;
      }
    },
    async save(accountId, session) {
      secrets.set(secretName(accountId), JSON.stringify(session));
    },
    async delete(accountId) {
      secrets.delete(secretName(accountId));
    },
  };
}

type PartitionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & { cookies: Pick<Session['cookies'], 'get'> };

export interface PlatformSignInDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  fromPartition(partition: string): PartitionSession;
  parent?: () => BrowserWindow | null;
  /** How often to look at the partition's cookies while the user signs in. */
  pollMs?: number;
}

const toStored = (c: Cookie): StoredCookie => ({
  name: c.name,
  value: c.value,
  ...(c.domain ? { domain: c.domain.replace(/^\./, '') } : {}),
  ...(c.path ? { path: c.path } : {}),
  ...(c.expirationDate ? { expires: Math.floor(c.expirationDate) } : {}),
});

/** Electron's debugger as the recorder's CDP session. */
function debuggerSession(win: BrowserWindow): CdpSession {
  const dbg = win.webContents.debugger;
  dbg.attach('1.3');
  return {
    send: (method, params) => dbg.sendCommand(method, params) as Promise<unknown>,
    on: (event, listener) => dbg.on('message', (_e: unknown, method: string, params: Record<string, unknown>) => method === event && listener(params)),
  };
}

export function createSignInWindowOpener(deps: PlatformSignInDeps): SignInWindowOpener {
  return (request: SignInWindowRequest) =>
    new Promise((resolve, reject) => {
      let win: BrowserWindow;
      const session = deps.fromPartition(accountPartition(request.accountId));
      try {
        const parent = deps.parent?.() ?? undefined;
        win = openSignInWindow({
          BrowserWindow: deps.BrowserWindow,
          fromPartition: () => session,
          accountId: request.accountId,
          startUrl: request.startUrl,
          origins: request.origins,
          title: request.title,
          ...(parent ? { parent } : {}),
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      let recorder: CdpRecorder | null = null;
      if (request.capture) {
        try {
          recorder = new CdpRecorder(debuggerSession(win));
          void recorder.start();
        } catch {
          recorder = null;
        }
      }
      const origin = new URL(request.startUrl).origin;
      const cookiesNow = async () => (await session.cookies.get({ url: origin })).map(toStored);
      const successUrl = request.successUrl ? new RegExp(request.successUrl) : null;
      let signedIn = false;
      const check = async (url?: string) => {
        if (signedIn) return;
        const names = new Set((await cookiesNow()).map((c) => c.name));
        const haveCookies = request.sessionCookies.length > 0 && request.sessionCookies.every((n) => names.has(n));
        const atSuccess = successUrl !== null && url !== undefined && successUrl.test(new URL(url).pathname);
        if (haveCookies || (atSuccess && names.size > 0)) {
          signedIn = true;
          // Sign-in only: done. Capture: the user goes on browsing their collection, then closes.
          if (!request.capture) setTimeout(() => !win.isDestroyed() && win.close(), 500);
        }
      };
      const timer = setInterval(() => void check().catch(() => undefined), deps.pollMs ?? 1000);
      win.webContents.on('did-navigate', (_e, url) => void check(url).catch(() => undefined));
      win.webContents.on('did-navigate-in-page', (_e, url) => void check(url).catch(() => undefined));
      win.on('closed', () => {
        clearInterval(timer);
        void (async () => {
          const recorded: RecordedResponse[] = recorder ? await recorder.settle() : [];
          const cookies = await cookiesNow().catch(() => []);
          resolve({ signedIn: signedIn || (request.capture && cookies.length > 0), cookies, recorded });
        })();
      });
    });
}

/** Installs the desktop app's session vault and sign-in window for the platform code. */
export function installPlatformServices(deps: PlatformSignInDeps & { secrets: SecretStore }): void {
  useSessionVault(safeStorageSessionVault(deps.secrets));
  useSignInWindowOpener(createSignInWindowOpener(deps));
}
