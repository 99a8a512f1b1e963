// Checks shared by the preview and AR tests: the Khronos validator on GLBs, the USDZ checker
// plus Info-ZIP's own test of the archive.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error gltf-validator ships no types
import validator from 'gltf-validator';
import { checkUsdz, type UsdzReport } from '../../main/core/ar/usdz-check.js';
import { tempDir } from './tmp.js';

export async function gltfValidatorErrors(glb: Uint8Array): Promise<{ errors: number; messages: string[] }> {
  const report = (await validator.validateBytes(new Uint8Array(glb))) as {
    issues: { numErrors: number; messages: Array<{ code: string; message: string; severity: number; pointer?: string }> };
  };
  return {
    errors: report.issues.numErrors,
    messages: report.issues.messages.filter((m) => m.severity === 0).map((m) => `${m.code} ${m.pointer ?? ''}: ${m.message}`),
  };
}

/** checkUsdz, and `unzip -t` agreeing that the archive is sound. */
export function usdzProblems(usdz: Uint8Array): { report: UsdzReport; unzip: string } {
  const path = join(tempDir('holdfast-usdz-'), 'model.usdz');
  writeFileSync(path, usdz);
  let unzip: string;
  try {
    unzip = execFileSync('unzip', ['-t', path], { encoding: 'utf8' });
  } catch (error) {
    unzip = `unzip -t failed: ${String((error as { stdout?: string }).stdout ?? error)}`;
  }
  return { report: checkUsdz(usdz), unzip };
}
