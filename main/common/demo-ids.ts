// Names the core and the renderer both need for the demo library (no imports: the renderer
// bundles this file).

/** The demo's account on the platform emulator (`holdfast demo`). Once the demo has ended its
 *  platform is gone, and the renderer says so in the user's language. */
export const DEMO_PLATFORM_ACCOUNT_ID = 'demo-platform-emulator-a';
