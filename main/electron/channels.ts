// Names shared by the main process and the preload. No imports: the sandboxed preload bundles
// this file, and it must stay free of anything that needs Node or Electron's main process.

/** The one invoke channel: `(name, input) → ApiResult`. */
export const CALL_CHANNEL = 'holdfast:call';
/** Backend events pushed to the window: one `ApiEvent` per message. */
export const EVENT_CHANNEL = 'holdfast:event';

export const APP_SCHEME = 'holdfast-app';
export const APP_HOST = 'app';
/** The only origin whose frames may call the API. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const MEDIA_SCHEME = 'holdfast-media';
export const MEDIA_HOST = 'blob';
export const MEDIA_URL_PREFIX = `${MEDIA_SCHEME}://${MEDIA_HOST}/`;
