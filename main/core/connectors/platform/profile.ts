// Platform profiles: a data file per custodial platform that says how to sign in, how to tell
// the session has ended or the platform has closed, how to list holdings page by page, how to
// fetch an item's details, and how their JSON maps to Holdfast items, certificates and media.
// Adding a platform means adding a profile, not code.
//
// This zod schema is the one definition; `assets/platform-profiles/schema.json` (the published
// JSON Schema) is generated from it (`npx tsx main/core/connectors/platform/write-schema.ts`) and
// a test keeps the two identical.
//
// Every JSON path (RFC 9535 JSONPath) in `fields`, `media` and `certificate` is evaluated against
// `{ "item": <one entry of the holdings list>, "detail": <the item's detail response> }`; paths
// in `holdings` and `responses` against the response they describe.
import { z } from 'zod';
import { HoldfastError } from '../../errors.js';
import { jsonPathProblem } from './json-path.js';

export const PROFILE_VERSION = 1;

const JsonPath = z
  .string()
  .min(1)
  .max(500)
  .regex(/^\$/, 'a JSON path starts with $')
  .superRefine((path, ctx) => {
    const problem = jsonPathProblem(path);
    if (problem) ctx.addIssue({ code: 'custom', message: `not a valid JSON path: ${problem}` });
  })
  .describe('An RFC 9535 JSONPath query, e.g. $.data.list or $.detail.medias[?@.type==\'image\'].url');

/** Request paths are relative to the platform's base URL; `{id}`, `{phone}`, `{code}` are filled in. */
const RequestPath = z
  .string()
  .min(1)
  .max(500)
  .regex(/^\/[^\s#]*$/, 'a request path starts with / and has no spaces or #')
  .describe('Path (and optional query) relative to the base URL; {id}, {phone} and {code} are replaced');

const Scalar = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

export const RequestSpec = z
  .object({
    method: z.enum(['GET', 'POST']).default('GET'),
    path: RequestPath,
    query: z.record(z.string().max(100), z.string().max(500)).optional().describe('Query parameters; values may hold {id}, {phone}, {code}'),
    body: z.record(z.string().max(100), Scalar).optional().describe('JSON body (POST); string values may hold {phone}, {code}'),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), z.string().max(500)).optional(),
  })
  .strict();
export type RequestSpec = z.output<typeof RequestSpec>;

/** A regular expression in a profile: compiled once here, so a broken one is refused on import. */
const Pattern = z
  .string()
  .min(1)
  .max(200)
  .superRefine((source, ctx) => {
    try {
      new RegExp(source);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}` });
    }
  });

const Match = z
  .object({
    status: z.array(z.number().int().min(100).max(599)).min(1).optional().describe('Any of these HTTP statuses'),
    path: JsonPath.optional(),
    equals: Scalar.optional().describe('The value at `path` equals this (without it: the path matches anything)'),
    contains: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(20)
      .optional()
      .describe('The value at `path`, as text, contains any of these (e.g. 未登录, 登录已过期, "not logged in")'),
    redirect: Pattern.optional().describe(
      'A regular expression: the answer is a redirect (HTTP 3xx) whose target URL (absolute) matches it, e.g. a login page on another origin',
    ),
  })
  .strict()
  .refine((m) => m.status !== undefined || m.path !== undefined || m.redirect !== undefined, 'a match needs a status, a path or a redirect')
  .refine((m) => m.contains === undefined || m.path !== undefined, 'contains needs a path (where the text is)');
export type Match = z.output<typeof Match>;

const Pagination = z.discriminatedUnion('style', [
  z
    .object({
      style: z.literal('page'),
      param: z.string().max(100).default('page'),
      first: z.number().int().min(0).default(1),
      sizeParam: z.string().max(100).optional(),
      size: z.number().int().min(1).max(500).optional(),
      totalPath: JsonPath.optional().describe('Total number of holdings (stops paging when reached)'),
    })
    .strict(),
  z
    .object({
      style: z.literal('offset'),
      param: z.string().max(100).default('offset'),
      sizeParam: z.string().max(100).default('limit'),
      size: z.number().int().min(1).max(500).default(20),
      totalPath: JsonPath.optional(),
    })
    .strict(),
  z
    .object({
      style: z.literal('cursor'),
      param: z.string().max(100).default('cursor'),
      sizeParam: z.string().max(100).optional(),
      size: z.number().int().min(1).max(500).optional(),
      nextPath: JsonPath.describe('The next cursor in a response; missing, null or empty = last page'),
    })
    .strict(),
  z.object({ style: z.literal('none') }).strict(),
]);

export const MEDIA_ROLES = ['image', 'animation', 'model', 'video', 'audio', 'poster', 'thumbnail', 'other'] as const;
const MediaRole = z.enum(MEDIA_ROLES);

const MediaSpec = z
  .object({
    each: JsonPath.optional().describe('Media entries (e.g. $.detail.medias[*]); `url` and `kind` are then relative to each entry'),
    url: JsonPath,
    role: MediaRole.optional().describe('The role of every URL this entry finds'),
    kind: JsonPath.optional().describe('A field naming the kind of media, mapped through `kinds`'),
    kinds: z.record(z.string().max(100), MediaRole).optional(),
  })
  .strict();
export type MediaSpec = z.output<typeof MediaSpec>;

export const ITEM_FIELDS = [
  'name', 'description', 'creator', 'issuer', 'collection', 'serial', 'edition', 'supply', 'chain', 'contract', 'tokenId',
  'txHash', 'standard', 'issuedAt', 'acquiredAt',
] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

const Fields = z
  .object({
    name: JsonPath,
    ...Object.fromEntries(ITEM_FIELDS.filter((f) => f !== 'name').map((f) => [f, JsonPath.optional()])),
  } as { name: typeof JsonPath } & Record<Exclude<ItemField, 'name'>, z.ZodOptional<typeof JsonPath>>)
  .strict()
  .describe('Where each Holdfast item field is found; `serial` may instead be built from `edition` and `supply`');

export const PlatformProfile = z
  .object({
    $schema: z.string().max(500).optional(),
    profileVersion: z.literal(PROFILE_VERSION),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a profile id is 2-63 lowercase letters, digits and -'),
    name: z.string().min(1).max(100),
    nameZh: z.string().min(1).max(100).optional(),
    baseUrl: z.url({ protocol: /^https?$/ }).max(500).optional().describe('Where the platform lives (an account may use another, e.g. a test server)'),
    origins: z.array(z.url({ protocol: /^https?$/ }).max(500)).max(20).optional().describe('Other origins the sign-in window may visit'),
    timezone: z
      .string()
      .regex(/^[+-]\d{2}:\d{2}$/)
      .default('+08:00')
      .describe('Offset for dates the platform gives without one'),
    signIn: z
      .object({
        loginPath: RequestPath,
        sessionCookies: z.array(z.string().min(1).max(200)).min(1).describe('Cookies that make the session'),
        successUrl: z.string().max(500).optional().describe('A regular expression: the sign-in window has succeeded when its path matches'),
        sms: z
          .object({ send: RequestSpec, verify: RequestSpec, ok: Match.optional() })
          .strict()
          .optional()
          .describe('The SMS-code flow, for sign-in without a window (command line, browser mode)'),
      })
      .strict(),
    responses: z
      .object({
        ok: Match.optional().describe('What a successful JSON answer looks like (e.g. $.code equals 0)'),
        sessionExpired: z
          .array(Match)
          .default([{ status: [401] }])
          .describe('Any match means the session has ended (a redirect to signIn.loginPath always does)'),
        shutdown: z
          .object({
            status: z.array(z.number().int().min(100).max(599)).default([410]),
            noticePath: z.array(JsonPath).default([]).describe('Where a shutdown notice appears in any response'),
          })
          .strict()
          .default({ status: [410], noticePath: [] }),
      })
      .strict()
      .default({ sessionExpired: [{ status: [401] }], shutdown: { status: [410], noticePath: [] } }),
    holdings: z
      .object({
        request: RequestSpec,
        itemsPath: JsonPath.describe('The array of holdings in a list answer (e.g. $.data.list); an answer without it is an error, never an empty page'),
        idPath: JsonPath.describe('The id of one list entry, relative to the entry (e.g. $.id)'),
        pagination: Pagination,
        maxPages: z.number().int().min(1).max(100_000).default(10_000),
      })
      .strict(),
    detail: z
      .object({ request: RequestSpec.describe('{id} is the holding id') })
      .strict()
      .optional(),
    fields: Fields,
    media: z.array(MediaSpec).max(20).default([]),
    certificate: z
      .object({
        path: JsonPath.optional().describe('The certificate object as the platform gives it (kept as evidence)'),
        number: JsonPath.optional().describe('Certificate number'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type PlatformProfile = z.output<typeof PlatformProfile>;
export type PlatformProfileInput = z.input<typeof PlatformProfile>;

/** Validates a profile (parsed JSON or text); errors name the field that is wrong. */
export function parseProfile(input: unknown, source = 'the profile'): PlatformProfile {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new HoldfastError('invalid_input', `${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const result = PlatformProfile.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new HoldfastError('invalid_input', `${source} is not a valid platform profile — ${problems.join('; ')}`);
  }
  return result.data;
}

/** The published JSON Schema of profiles (what `assets/platform-profiles/schema.json` holds). */
export function profileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PlatformProfile, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://holdfast.invalid/schemas/platform-profile-1.json',
    title: 'Holdfast platform profile',
    description:
      'Describes a custodial digital-collectibles platform for Holdfast: sign-in, session and shutdown signals, holdings pages, item details, and how fields map to items, certificates and media. JSON paths are RFC 9535 JSONPath.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
