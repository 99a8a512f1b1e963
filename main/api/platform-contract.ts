// The table's operations for custodial platforms: profiles, signing accounts in (SMS code, or the
// desktop app's sign-in window), and capture mode. Spread into `contract` in contract.ts.
// Pure zod, like contract.ts: safe to import from the renderer.
import { z } from 'zod';
import type { Account as AccountSchema } from './contract.js';

export const ProfileSummary = z.object({
  id: z.string(),
  name: z.string(),
  nameZh: z.string().nullable(),
  source: z.enum(['shipped', 'imported']),
  baseUrl: z.string().nullable(),
  /** The profile describes an SMS-code sign-in (usable without a window: CLI, browser mode). */
  smsSignIn: z.boolean(),
});
export type ProfileSummary = z.infer<typeof ProfileSummary>;

/** The part of a platform account's input that `accounts.add` takes for `kind: 'platform'`. */
export const AddPlatformAccountInput = z
  .object({
    kind: z.literal('platform'),
    profileId: z.string().min(1).max(100),
    /** Where the platform lives, when not the profile's own address (e.g. a test server). */
    baseUrl: z.string().max(500).regex(/^https?:\/\/[^\s]+$/, 'expected an http(s) URL').optional(),
    name: z.string().trim().min(1).max(200).optional(),
    phone: z.string().max(30).optional(),
  })
  .strict();

const AccountId = z.string().min(1).max(200);
const Phone = z.string().min(6).max(30);
const ItemFieldName = z.enum([
  'name', 'description', 'creator', 'issuer', 'collection', 'serial', 'edition', 'supply', 'chain', 'contract', 'tokenId',
  'txHash', 'standard', 'issuedAt', 'acquiredAt',
]);
const MediaRoleName = z.enum(['image', 'model', 'video', 'audio', 'poster', 'thumbnail', 'other']);

export const CaptureCandidateView = z.object({
  key: z.string(),
  score: z.number(),
  requestPath: z.string(),
  itemsPath: z.string(),
  idPath: z.string(),
  pagination: z.string(),
  detailPath: z.string().nullable(),
  count: z.number().int(),
  /** A few holdings as found, for the user to recognise their collection. */
  samples: z.array(z.object({ id: z.string(), text: z.string() })),
  fields: z.array(z.object({ field: ItemFieldName, path: z.string().nullable(), sample: z.string().nullable() })),
  media: z.array(z.object({ path: z.string(), role: MediaRoleName, roleFromField: z.boolean(), sample: z.string() })),
  options: z.array(z.object({ path: z.string(), sample: z.string() })),
});
export type CaptureCandidateView = z.infer<typeof CaptureCandidateView>;

export const CaptureAnalysis = z.object({
  analysisId: z.string(),
  origin: z.string().nullable(),
  responses: z.number().int(),
  /** True when the window's session was kept, so saving the mapping also adds a signed-in account. */
  signedIn: z.boolean(),
  candidates: z.array(CaptureCandidateView),
});
export type CaptureAnalysis = z.infer<typeof CaptureAnalysis>;

const JsonPathText = z.string().min(1).max(500).regex(/^\$/, 'a JSON path starts with $');

/** Takes `Account` from contract.ts as an argument: importing it here would make a cycle. */
export const platformOperations = (Account: typeof AccountSchema) =>
  ({
  'profiles.list': { input: z.object({}).strict().default({}), output: z.array(ProfileSummary) },
  /** Validates a profile (JSON text) against the published schema and keeps it. */
  'profiles.import': { input: z.object({ json: z.string().min(2).max(1_000_000) }).strict(), output: ProfileSummary },
  /** SMS sign-in without a window: the platform texts a code to the phone… */
  'platform.signin.sendCode': { input: z.object({ accountId: AccountId, phone: Phone }).strict(), output: z.object({ sent: z.literal(true) }) },
  /** …and the code signs the account in (the session is kept encrypted, outside the library). */
  'platform.signin.verifyCode': {
    input: z.object({ accountId: AccountId, phone: Phone, code: z.string().min(3).max(12) }).strict(),
    output: Account,
  },
  /** Desktop app only: the platform's own sign-in page in a window with the account's session. */
  'platform.signin.window': { input: z.object({ accountId: AccountId }).strict(), output: Account },
  'platform.signout': { input: z.object({ accountId: AccountId }).strict(), output: Account },
  /** Desktop app only: sign in and browse "my collection" in a window while Holdfast records the
   *  JSON the pages get; closing the window analyses it. */
  'capture.start': {
    input: z.object({ loginUrl: z.string().max(2000).regex(/^https?:\/\/[^\s]+$/, 'expected an http(s) URL') }).strict(),
    output: CaptureAnalysis,
  },
  /** The same analysis from a HAR file saved in a browser's developer tools (any shell). */
  'capture.fromHar': { input: z.object({ har: z.string().min(2).max(100_000_000) }).strict(), output: CaptureAnalysis },
  /** The confirmed mapping becomes a profile (and, after a window capture, a signed-in account). */
  'capture.save': {
    input: z
      .object({
        analysisId: z.string().min(1).max(100),
        candidateKey: z.string().min(1).max(2000),
        id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a profile id is 2-63 lowercase letters, digits and -'),
        name: z.string().trim().min(1).max(100),
        nameZh: z.string().trim().min(1).max(100).optional(),
        fields: z.partialRecord(ItemFieldName, JsonPathText.nullable()),
        media: z.array(z.object({ path: JsonPathText, role: MediaRoleName.optional() }).strict()).max(20),
      })
      .strict(),
    output: z.object({ profile: ProfileSummary, account: Account.nullable() }),
  },
  }) as const;
