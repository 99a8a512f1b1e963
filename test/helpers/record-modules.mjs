// Preloaded with `node --import` into a process under test: appends the URL of every module the
// process resolves (import and require alike) to the file named by HOLDFAST_RECORD_MODULES.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.HOLDFAST_RECORD_MODULES;
if (file) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      appendFileSync(file, `${resolved.url}\n`);
      return resolved;
    },
  });
}
