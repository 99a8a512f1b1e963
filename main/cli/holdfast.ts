// The `holdfast` command line: the same core and the same API table as the app.
// One module per group of commands under commands/, each with a register(program).
import { Command } from 'commander';
import { HoldfastError } from '../core/errors.js';
import { HOLDFAST_VERSION } from '../core/version.js';
import * as accounts from './commands/accounts.js';
import * as browse from './commands/browse.js';
import * as bundle from './commands/bundle.js';
import * as demo from './commands/demo.js';
import * as evidence from './commands/evidence.js';
import * as importCertificate from './commands/import-certificate.js';
import * as importFiles from './commands/import-files.js';
import * as library from './commands/library.js';
import * as platform from './commands/platform.js';
import * as serve from './commands/serve.js';
import * as sync from './commands/sync.js';
import * as previews from './commands/previews.js';

// platform adds `accounts add platform` to the accounts group, so it registers after it.
const commandGroups = [demo, serve, library, browse, sync, accounts, evidence, bundle, previews, platform, importFiles, importCertificate];

export function buildProgram(): Command {
  const program = new Command()
    .name('holdfast')
    .description('Keep your digital collectibles on your own disk.')
    .version(HOLDFAST_VERSION)
    .showHelpAfterError();
  for (const group of commandGroups) group.register(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  console.error(`holdfast: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof HoldfastError)) {
    if (process.env.HOLDFAST_DEBUG) console.error(error);
    else console.error('(set HOLDFAST_DEBUG=1 to see the details)');
  }
  process.exitCode = 1;
}
