// What the platform operations of the table do (see platform-contract.ts). Spread into
// `handlers` in handlers.ts.
import type { Account } from './contract.js';
import type { CaptureAnalysis, ProfileSummary } from './platform-contract.js';
import type { Handlers } from './handlers.js';
import { analyseAndKeep, forgetAnalysis, takeAnalysis, type PendingAnalysis } from '../core/capture/analyses.js';
import { buildProfile } from '../core/capture/build-profile.js';
import { responsesFromHar } from '../core/capture/recorded.js';
import { importProfile, listProfiles, type ProfileEntry } from '../core/connectors/platform/profile-store.js';
import type { PlatformProfile } from '../core/connectors/platform/profile.js';
import { signInWindowOpener } from '../core/connectors/platform/services.js';
import {
  addPlatformAccount,
  completeSignIn,
  newPlatformAccountId,
  platformAccount,
  publicAccount,
  sendSmsCode,
  signOut,
  verifySmsCode,
} from '../core/connectors/platform/sign-in.js';
import { HoldfastError } from '../core/errors.js';

type PlatformOps =
  | 'profiles.list'
  | 'profiles.import'
  | 'platform.signin.sendCode'
  | 'platform.signin.verifyCode'
  | 'platform.signin.window'
  | 'platform.signout'
  | 'capture.start'
  | 'capture.fromHar'
  | 'capture.save';

const summary = (profile: PlatformProfile, source: ProfileEntry['source']): ProfileSummary => ({
  id: profile.id,
  name: profile.name,
  nameZh: profile.nameZh ?? null,
  source,
  baseUrl: profile.baseUrl ?? null,
  smsSignIn: Boolean(profile.signIn.sms),
});

const needsDesktop = (what: string) =>
  new HoldfastError('not_implemented', `${what} needs the desktop app (its own window with its own session); here, sign in with an SMS code, or use \`holdfast accounts add platform\``);

function view(a: PendingAnalysis): CaptureAnalysis {
  return {
    analysisId: a.id,
    origin: a.candidates[0]?.candidate.origin ?? null,
    responses: a.responses,
    signedIn: a.cookies.length > 0,
    candidates: a.candidates.map(({ candidate: c, proposal: p }) => ({
      key: c.key,
      score: Math.round(c.score * 10) / 10,
      requestPath: c.request.path,
      itemsPath: c.itemsPath,
      idPath: c.idPath,
      pagination: c.pagination.style,
      detailPath: c.detail?.path ?? null,
      count: c.entries.length,
      samples: c.entries.slice(0, 5).map((e) => ({ id: e.id, text: JSON.stringify(e.entry).slice(0, 160) })),
      fields: p.fields,
      media: p.media,
      options: p.options.slice(0, 300),
    })),
  };
}

export const platformHandlers: Pick<Handlers, PlatformOps> = {
  'profiles.list': () => listProfiles().map((e) => summary(e.profile, e.source)),
  'profiles.import': (_ctx, { json }) => summary(importProfile(json, 'the imported profile'), 'imported'),
  'platform.signin.sendCode': async ({ library }, { accountId, phone }) => {
    await sendSmsCode(library, accountId, phone);
    return { sent: true as const };
  },
  'platform.signin.verifyCode': ({ library }, { accountId, phone, code }) => verifySmsCode(library, accountId, phone, code),
  'platform.signin.window': async ({ library }, { accountId }): Promise<Account> => {
    const open = signInWindowOpener();
    if (!open) throw needsDesktop('signing in on the platform’s page');
    const { profile, baseUrl } = platformAccount(library, accountId);
    const result = await open({
      accountId,
      startUrl: new URL(profile.signIn.loginPath, baseUrl).toString(),
      origins: [baseUrl, ...(profile.origins ?? [])],
      sessionCookies: profile.signIn.sessionCookies,
      successUrl: profile.signIn.successUrl ?? null,
      capture: false,
      title: profile.nameZh ?? profile.name,
    });
    if (!result.signedIn) return publicAccount(library, accountId);
    return completeSignIn(library, accountId, result.cookies);
  },
  'platform.signout': async ({ library }, { accountId }) => {
    await signOut(library, accountId);
    return publicAccount(library, accountId);
  },
  'capture.start': async (_ctx, { loginUrl }) => {
    const open = signInWindowOpener();
    if (!open) throw needsDesktop('capture mode');
    const url = new URL(loginUrl);
    const accountId = newPlatformAccountId('captured');
    const result = await open({ accountId, startUrl: url.toString(), origins: [url.origin], sessionCookies: [], successUrl: null, capture: true, title: url.host });
    return view(analyseAndKeep(result.recorded, { loginPath: url.pathname, cookies: result.cookies, accountId }));
  },
  'capture.fromHar': (_ctx, { har }) => view(analyseAndKeep(responsesFromHar(har), { loginPath: '/' })),
  'capture.save': async ({ library }, input) => {
    const analysis = takeAnalysis(input.analysisId);
    const chosen = analysis.candidates.find((c) => c.candidate.key === input.candidateKey);
    if (!chosen) throw new HoldfastError('invalid_input', 'that holdings list is not part of this capture');
    const sessionCookies = [...new Set(analysis.cookies.map((c) => c.name))];
    const profile = buildProfile(
      chosen.candidate,
      { id: input.id, name: input.name, ...(input.nameZh ? { nameZh: input.nameZh } : {}), fields: input.fields, media: input.media },
      // A HAR capture carries no cookies: the profile then expects the usual session cookie names
      // to be found at sign-in; the window capture knows them.
      { loginPath: analysis.loginPath, sessionCookies: sessionCookies.length ? sessionCookies : ['session'] },
    );
    importProfile(profile, 'the captured profile');
    let account: Account | null = null;
    if (analysis.cookies.length && analysis.accountId) {
      account = addPlatformAccount(library, { profile, id: analysis.accountId });
      account = await completeSignIn(library, account.id, analysis.cookies);
    }
    forgetAnalysis(analysis.id);
    return { profile: summary(profile, 'imported'), account };
  },
};
