import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const perTest: string[] = [];
const perSuite: string[] = [];

/** A fresh temp folder, removed after the current test. */
export function tempDir(prefix = 'holdfast-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  perTest.push(dir);
  return dir;
}

/** A fresh temp folder for a whole file's tests (made in beforeAll), removed after them. */
export function suiteTempDir(prefix = 'holdfast-suite-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  perSuite.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of perTest.splice(0)) rmSync(dir, { recursive: true, force: true });
});

afterAll(() => {
  for (const dir of perSuite.splice(0)) rmSync(dir, { recursive: true, force: true });
});
