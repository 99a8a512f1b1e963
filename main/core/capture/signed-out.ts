// Capture mode: how the captured platform says "you are signed out", so a profile made by
// capture turns that into "sign in again" instead of a failed sync. Platforms say it in many
// ways: HTTP 401, a redirect to the login page, or an ordinary 200 answer whose JSON carries a
// code ({"code": 401}, {"error": {"code": "AUTH_REQUIRED"}}) or a message ("未登录", "登录已过期").
//
// The best evidence is an answer recorded while signed out (a platform's pages usually ask "who
// am I?" before the user has signed in): its code, or else its message, becomes the rule. Without
// one, rules that hold for most platforms are used: 401, a redirect to a login-like URL, the
// 401-style code beside an ok code, and the usual signed-out messages.
import type { Match } from '../connectors/platform/profile.js';
import { pathOf } from '../connectors/platform/json-path.js';
import { leaves } from './analyze.js';
import type { RecordedResponse } from './recorded.js';

/** Text that means "signed out" in what platforms answer (Chinese and English). */
export const SIGNED_OUT_PHRASES = ['未登录', '登录已过期', '登录过期', '登录失效', '请登录', '请先登录', '重新登录', 'not logged in', 'not signed in', 'login required', 'sign in again', 'unauthorized', 'Unauthorized'];
const SIGNED_OUT_TEXT = /未登录|登录(已)?(过期|失效)|请(先|重新)?登录|重新登录|not (logged|signed) in|log ?in required|sign ?in (again|required)|unauthori[sz]ed|auth(entication)?[_ ]required|token (expired|invalid)|session (expired|invalid)/i;
const SIGNED_OUT_CODE = /^(401|AUTH_REQUIRED|UNAUTHORI[SZ]ED|NOT_LOGIN|NOT_LOGGED_IN|LOGIN_REQUIRED|NO_LOGIN|TOKEN_EXPIRED|TOKEN_INVALID|SESSION_EXPIRED|UNAUTHENTICATED)$/i;
const CODE_KEY = /^(code|errno|errcode|err_code|error_code|ret|resultCode|status|statusCode)$/i;
const MESSAGE_KEY = /^(msg|message|errmsg|err_msg|error_msg|errorMessage|error_description|description)$/i;
/** A redirect to a page like these is a redirect to sign in. */
export const LOGIN_URL = '(^|[/.])(login|signin|sign-in|passport|sso)([/?#.]|$)';

type Ok = { path: string; equals: string | number | boolean } | null;

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

function okHolds(ok: Ok, json: unknown): boolean {
  if (!ok || !json || typeof json !== 'object') return false;
  const key = ok.path.replace(/^\$\./, '');
  return (json as Record<string, unknown>)[key] === ok.equals;
}

/** Whether a recorded JSON answer says the user is signed out. */
export function looksSignedOut(status: number, json: unknown, ok: Ok = null): boolean {
  if (status === 401) return true;
  if (!json || typeof json !== 'object' || okHolds(ok, json)) return false;
  return leaves(json, [], 3).some(
    (l) => (CODE_KEY.test(String(l.keys.at(-1))) && SIGNED_OUT_CODE.test(String(l.value))) || (typeof l.value === 'string' && SIGNED_OUT_TEXT.test(l.value)),
  );
}

/** The rules for `responses.sessionExpired` of a profile captured from `recorded`. */
export function signedOutRules(recorded: readonly RecordedResponse[], ok: Ok): Match[] {
  const rules: Match[] = [{ status: [401] }, { redirect: LOGIN_URL }];
  const add = (m: Match) => {
    if (!rules.some((r) => JSON.stringify(r) === JSON.stringify(m))) rules.push(m);
  };
  let learned = false;
  for (const r of recorded) {
    const json = parse(r.body);
    if (!looksSignedOut(r.status, json, ok)) continue;
    const found = leaves(json, [], 3);
    const code = found.find((l) => CODE_KEY.test(String(l.keys.at(-1))) && SIGNED_OUT_CODE.test(String(l.value)));
    const message = found.find((l) => typeof l.value === 'string' && SIGNED_OUT_TEXT.test(l.value));
    if (code) add({ path: pathOf(code.keys), equals: code.value });
    else if (message) add({ path: pathOf(message.keys), contains: [String(message.value).match(SIGNED_OUT_TEXT)![0]] });
    learned = learned || Boolean(code || message);
  }
  if (learned) return rules;
  // Nothing recorded while signed out: the usual signals beside what a good answer looks like.
  if (ok && typeof ok.equals === 'number') add({ path: ok.path, equals: 401 });
  const messageKey = recorded
    .map((r) => parse(r.body))
    .flatMap((json) => (json && typeof json === 'object' && !Array.isArray(json) ? Object.keys(json) : []))
    .find((k) => MESSAGE_KEY.test(k));
  if (messageKey) add({ path: pathOf([messageKey]), contains: SIGNED_OUT_PHRASES });
  return rules;
}
