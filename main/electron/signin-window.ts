// A window for signing in to a custodial platform on the platform's own page. Each account gets
// its own persistent session partition (cookies stay apart, and survive restarts), the page gets
// no preload and no Node, and it may only navigate among the origins the platform profile names
// (https only). Holdfast never sees the password; connectors later read the partition's
// cookies. Not wired to a menu yet: the platform connectors will open it.
import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import { guardNavigation, lockedDownWebPreferences } from './window.js';

const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function accountPartition(accountId: string): string {
  if (!ACCOUNT_ID.test(accountId)) throw new Error('an account id is 1-128 letters, digits, _ or -');
  return `persist:account-${accountId}`;
}

/** Normalises the allowed origins; only https origins (or http on localhost, for emulators). */
export function allowedOrigins(origins: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const origin of origins) {
    const url = new URL(origin);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw new Error(`sign-in origins must be https: ${origin}`);
    out.add(url.origin);
  }
  if (out.size === 0) throw new Error('a sign-in window needs at least one allowed origin');
  return out;
}

export function originAllowed(url: string, origins: ReadonlySet<string>): boolean {
  try {
    return origins.has(new URL(url).origin);
  } catch {
    return false;
  }
}

export interface SignInWindowOptions {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  fromPartition(partition: string): Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
  accountId: string;
  /** The first page to show; must be on one of `origins`. */
  startUrl: string;
  origins: readonly string[];
  title?: string;
  parent?: BrowserWindow;
}

export function openSignInWindow(options: SignInWindowOptions): BrowserWindow {
  const partition = accountPartition(options.accountId);
  const origins = allowedOrigins(options.origins);
  if (!originAllowed(options.startUrl, origins)) throw new Error('the sign-in page is not on an allowed origin');

  const session = options.fromPartition(partition);
  // Platform pages get no camera, microphone, location, notifications or anything else.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);

  const win = new options.BrowserWindow({
    width: 480,
    height: 760,
    title: options.title ?? 'Holdfast',
    ...(options.parent ? { parent: options.parent } : {}),
    autoHideMenuBar: true,
    webPreferences: { partition, ...lockedDownWebPreferences(false) },
  });
  // No shell: links that leave the allowed origins are simply refused, never opened outside.
  guardNavigation(win.webContents, { openExternal: async () => undefined }, (url) => originAllowed(url, origins));
  win.loadURL(options.startUrl).catch(() => undefined);
  return win;
}
