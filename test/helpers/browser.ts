import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags that keep it off the (closed) network, plus
 *  `extraArgs`. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** Drags from the middle of `target` by (dx, dy) with the mouse, in small steps as a hand does;
 *  `whileHeld` runs before the button is let go. */
export async function dragFromMiddle(page: Page, target: Locator, dx: number, dy: number, whileHeld?: () => Promise<void>): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('nothing to drag: the target is not on screen');
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 8 });
  await whileHeld?.();
  await page.mouse.up();
}
