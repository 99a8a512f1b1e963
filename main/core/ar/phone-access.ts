// Links a phone on the same network can open to place an item in the room. The local server
// (`holdfast serve --lan`) registers itself here; each link carries a key that unlocks only that
// one item's AR page and AR files (an HMAC of the item id under the server's secret), never the
// app or the rest of the library.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Library } from '../library.js';

export interface PhoneAccess {
  /** e.g. http://192.168.1.20:41234 */
  baseUrl: string;
  secret: string;
}

const registered = new WeakMap<Library, PhoneAccess>();

export function setPhoneAccess(library: Library, access: PhoneAccess | null): void {
  if (access) registered.set(library, access);
  else registered.delete(library);
}

export function phoneKey(secret: string, itemId: string): string {
  return createHmac('sha256', secret).update(`holdfast-ar:${itemId}`).digest('base64url').slice(0, 32);
}

export function phoneKeyMatches(secret: string, itemId: string, key: string | null): boolean {
  if (!key) return false;
  const a = Buffer.from(key);
  const b = Buffer.from(phoneKey(secret, itemId));
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The phone page of an item, or null when no LAN server is running for this library. */
export function phoneUrl(library: Library, itemId: string): string | null {
  const access = registered.get(library);
  if (!access) return null;
  return `${access.baseUrl}/ar/${encodeURIComponent(itemId)}?k=${phoneKey(access.secret, itemId)}`;
}
