// The browser shell may be opened as `http://127.0.0.1:PORT/?token=...`. The server also sets an
// HttpOnly cookie; the token is kept for this tab (sessionStorage) and sent as a Bearer header,
// and it is taken out of the address bar so it is not bookmarked, shared or left in history.
// Structural parameter types so this compiles without the DOM library (unit tests run in Node).

export const TOKEN_STORAGE_KEY = 'holdfast.token';

export interface TokenEnv {
  location: { href: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string | null): void };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void } | null;
}

export function takeToken(env: TokenEnv): string | null {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage may be disabled; the token still works for this page load.
    }
    url.searchParams.delete('token');
    env.history.replaceState(env.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
