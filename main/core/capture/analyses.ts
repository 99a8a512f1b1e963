// Capture analyses waiting for the user to confirm a mapping: kept in memory only (they may
// hold a session's cookies), a few at a time, for an hour at most.
import { randomBytes } from 'node:crypto';
import type { StoredCookie } from '../connectors/platform/session-vault.js';
import { HoldfastError } from '../errors.js';
import { analyzeCapture, type CaptureCandidate } from './analyze.js';
import { proposeMapping, type CaptureProposal } from './propose.js';
import type { RecordedResponse } from './recorded.js';

export interface PendingAnalysis {
  id: string;
  createdAt: number;
  responses: number;
  candidates: Array<{ candidate: CaptureCandidate; proposal: CaptureProposal }>;
  loginPath: string;
  /** The window's session (desktop capture only); never leaves the backend. */
  cookies: StoredCookie[];
  /** Account id whose window partition holds that session. */
  accountId: string | null;
}

const MAX = 5;
const TTL_MS = 60 * 60_000;
const pending = new Map<string, PendingAnalysis>();

export function analyseAndKeep(recorded: readonly RecordedResponse[], context: { loginPath: string; cookies?: StoredCookie[]; accountId?: string | null }): PendingAnalysis {
  const candidates = analyzeCapture(recorded)
    .slice(0, 5)
    .map((candidate) => ({ candidate, proposal: proposeMapping(candidate) }));
  const now = Date.now();
  for (const [id, a] of pending) if (now - a.createdAt > TTL_MS) pending.delete(id);
  while (pending.size >= MAX) pending.delete(pending.keys().next().value!);
  const analysis: PendingAnalysis = {
    id: randomBytes(12).toString('hex'),
    createdAt: now,
    responses: recorded.length,
    candidates,
    loginPath: context.loginPath,
    cookies: context.cookies ?? [],
    accountId: context.accountId ?? null,
  };
  pending.set(analysis.id, analysis);
  return analysis;
}

export function takeAnalysis(id: string): PendingAnalysis {
  const a = pending.get(id);
  if (!a || Date.now() - a.createdAt > TTL_MS) throw new HoldfastError('not_found', 'that capture has expired; record the platform again');
  return a;
}

export function forgetAnalysis(id: string): void {
  pending.delete(id);
}
