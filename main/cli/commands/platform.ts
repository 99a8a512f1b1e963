// Custodial platforms from the command line:
//   holdfast accounts add platform --profile FILE|ID [--base-url URL] [--name N] [--phone P] [--code C | --send-code]
//   holdfast accounts signin ID [--phone P] [--code C | --send-code]
//   holdfast accounts signout ID
//   holdfast profiles list [--json] · holdfast profiles import FILE
// The SMS code is asked for at a prompt, or given with --code (after --send-code had the platform
// text it). Sessions are kept encrypted in the app-data folder, never in the library.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Account } from '../../api/contract.js';
import type { Backend } from '../../api/backend.js';
// The platform client (profiles, sessions, HTTP) is imported inside each action, so the
// commands cost nothing when another command runs.
const profileStore = () => import('../../core/connectors/platform/profile-store.js');
const signInFlow = () => import('../../core/connectors/platform/sign-in.js');
import { HoldfastError } from '../../core/errors.js';
import { withBackend, withLibrary } from '../context.js';

interface SignInOptions {
  phone?: string;
  code?: string;
  sendCode?: boolean;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(question);
    return answer.trim();
  } finally {
    rl.close();
  }
}

/** The SMS flow: send a code (unless one is given), ask for it, sign in. */
async function signIn(backend: Backend, accountId: string, opts: SignInOptions): Promise<Account | null> {
  const { library } = backend.ctx;
  const { platformAccount, sendSmsCode, maskPhone, verifySmsCode } = await signInFlow();
  const { account, profile } = platformAccount(library, accountId);
  if (!profile.signIn.sms) {
    throw new HoldfastError('not_implemented', `${profile.name} has no SMS sign-in in its profile: sign in from the desktop app (Accounts → Sign in)`);
  }
  const phone = opts.phone ?? (typeof account.config.phone === 'string' ? account.config.phone : '') ?? '';
  const number = phone || (await ask(`Phone number for ${profile.nameZh ?? profile.name}: `));
  if (!number) throw new HoldfastError('invalid_input', 'no phone number given');
  let code = opts.code;
  if (!code) {
    await sendSmsCode(library, accountId, number);
    if (opts.sendCode) {
      console.log(`${profile.name} sent a code to ${maskPhone(number)}. Finish with: holdfast accounts signin ${accountId} --phone ${number} --code CODE`);
      return null;
    }
    code = await ask(`SMS code sent to ${maskPhone(number)}: `);
  }
  const signedIn = await verifySmsCode(library, accountId, number, code);
  console.log(`Signed in to ${profile.name} as ${signedIn.name} (${signedIn.id}). Run \`holdfast sync --account ${signedIn.id}\` to copy its holdings.`);
  return signedIn;
}

const signInOptions = (cmd: Command) =>
  cmd
    .option('--phone <number>', 'phone number for the SMS sign-in (asked for when missing)')
    .option('--code <code>', 'the SMS code (asked for when missing; pair with an earlier --send-code)')
    .option('--send-code', 'only have the platform text the code, then stop (finish later with --code)');

function findOrCreate(parent: Command, name: string, description: string): Command {
  return parent.commands.find((c) => c.name() === name) ?? parent.command(name).description(description);
}

/** --library belongs to the `accounts` group; subcommands read it wherever it was given. */
const libraryOf = (cmd: Command) => cmd.optsWithGlobals<{ library?: string }>().library;

export function register(program: Command): void {
  let accounts = program.commands.find((c) => c.name() === 'accounts');
  if (!accounts) accounts = withLibrary(program.command('accounts').description('list and add accounts'));
  const add = findOrCreate(accounts, 'add', 'add an account');

  signInOptions(
    add
      .command('platform')
      .description('add an account on a custodial platform (数字藏品 platform) described by a profile, and sign in by SMS code')
      .requiredOption('--profile <file-or-id>', 'platform profile: a .json file, or the id of a shipped or imported profile')
      .option('--base-url <url>', "the platform's address, when not the profile's own (e.g. the emulator)")
      .option('--name <name>', 'a name to show for the account')
      .option('--json', 'print the account as JSON'),
  ).action((opts: SignInOptions & { profile: string; baseUrl?: string; name?: string; json?: boolean }, cmd: Command) =>
    withBackend(libraryOf(cmd), async (backend) => {
      const [{ loadProfileArg }, { addPlatformAccount }] = await Promise.all([profileStore(), signInFlow()]);
      const profile = loadProfileArg(opts.profile);
      const account = addPlatformAccount(backend.ctx.library, { profile, baseUrl: opts.baseUrl, name: opts.name, phone: opts.phone });
      console.log(`Added ${account.name} (${account.id}).`);
      const signedIn = await signIn(backend, account.id, opts);
      if (opts.json) console.log(JSON.stringify(signedIn ?? account, null, 2));
    }),
  );

  signInOptions(accounts.command('signin'))
    .description('sign a platform account in again (when it shows "sign-in required")')
    .argument('<account-id>', 'the account (see `holdfast accounts`)')
    .action((accountId: string, opts: SignInOptions, cmd: Command) =>
      withBackend(libraryOf(cmd), async (backend) => {
        await signIn(backend, accountId, opts);
      }),
    );

  accounts
    .command('signout')
    .description('forget the stored session of a platform account')
    .argument('<account-id>', 'the account')
    .action((accountId: string, _opts: unknown, cmd: Command) =>
      withBackend(libraryOf(cmd), async (backend) => {
        await (await signInFlow()).signOut(backend.ctx.library, accountId);
        console.log(`Signed out of ${accountId}; its items stay in the library.`);
      }),
    );

  const profiles = program.command('profiles').description('platform profiles: how Holdfast reads each custodial platform');
  profiles
    .command('list')
    .description('list the platform profiles Holdfast knows (shipped and imported)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const entries = (await profileStore()).listProfiles();
      if (opts.json) console.log(JSON.stringify(entries.map((e) => ({ ...e.profile, source: e.source })), null, 2));
      else for (const e of entries) console.log(`${e.profile.id}\t${e.source}\t${e.profile.signIn.sms ? 'sms' : 'window'}\t${e.profile.nameZh ?? e.profile.name}`);
    });
  profiles
    .command('import')
    .description('check a profile file against the published JSON Schema and keep it')
    .argument('<file>', 'the profile (.json)')
    .action(async (file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new HoldfastError('not_found', `profile file ${file} could not be read`);
      }
      const profile = (await profileStore()).importProfile(text, file);
      console.log(`Imported profile ${profile.id} (${profile.name}).`);
    });
}
