// The demo's custodial-platform account: `holdfast demo` starts the platform emulator in this
// process on a free loopback port, adds an account through the real SMS sign-in (the code is read
// from the emulator's test API, as a person would read their phone), syncs its holdings,
// certificates and media through the real platform connector, then stops the emulator.
//
// The same phone number always holds the same items, so the demo is the same every time. The
// port of the last run is tried first, so a second run sees the same addresses and changes
// nothing. Afterwards the account's platform is gone: a sync of it says so (DEMO_PLATFORM_GONE)
// instead of failing on a refused connection.
import { getAccount } from '../db/accounts.js';
import type { Library } from '../library.js';
import { DEMO_PLATFORM_ACCOUNT_ID } from '../../common/demo-ids.js';

export { DEMO_PLATFORM_ACCOUNT_ID };
export const DEMO_PLATFORM_PHONE = '13800138000';
/** Holdings of the demo phone (each kind of media: pictures, 3D, video, audio). */
const DEMO_PLATFORM_ITEMS = 7;

export interface DemoPlatform {
  accountId: string;
  /** Stops the emulator (after the account's sync has ended) and forgets the session. */
  stop(): Promise<void>;
}

function previousPort(library: Library): number {
  const config = getAccount(library.db, DEMO_PLATFORM_ACCOUNT_ID)?.config;
  try {
    return typeof config?.baseUrl === 'string' ? Number(new URL(config.baseUrl).port) || 0 : 0;
  } catch {
    return 0;
  }
}

/** Starts the emulator and adds the demo account, signed in; sync it, then call stop(). */
export async function startDemoPlatform(library: Library): Promise<DemoPlatform> {
  // Loaded on use: the emulator (a test server shipped for the demo) is not needed by anything else.
  const [{ startEmulator }, signIn, { getShippedProfile }, { demoPlatformStarted, demoPlatformStopped, sessionVault }] = await Promise.all([
    import('../../../test/emulator/server.js'),
    import('../connectors/platform/sign-in.js'),
    import('../connectors/platform/profile-store.js'),
    import('../connectors/platform/services.js'),
  ]);
  const options = { shape: 'a' as const, items: DEMO_PLATFORM_ITEMS, log: () => undefined };
  const port = previousPort(library);
  const emulator = await startEmulator({ ...options, port }).catch((error: unknown) => {
    if (port !== 0) return startEmulator({ ...options, port: 0 });
    throw error;
  });
  demoPlatformStarted(emulator.url);
  const stop = async () => {
    demoPlatformStopped(emulator.url);
    await emulator.close();
    // The session belonged to the emulator that just stopped; keeping it would only mislead.
    await sessionVault().delete(DEMO_PLATFORM_ACCOUNT_ID).catch(() => undefined);
  };
  try {
    const account = signIn.addPlatformAccount(library, {
      profile: getShippedProfile('emulator-a'),
      baseUrl: emulator.url,
      phone: DEMO_PLATFORM_PHONE,
      id: DEMO_PLATFORM_ACCOUNT_ID,
      demo: true,
    });
    await signIn.sendSmsCode(library, account.id, DEMO_PLATFORM_PHONE);
    const code = emulator.lastCode(DEMO_PLATFORM_PHONE);
    if (!code) throw new Error('the platform emulator sent no SMS code');
    await signIn.verifySmsCode(library, account.id, DEMO_PLATFORM_PHONE, code);
    return { accountId: account.id, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
