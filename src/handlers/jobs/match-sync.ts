// Keeps otc_bot.matches current: picks up source rows that arrived since the last run (late hedges
// for older locks too) and re-matches only the keys and times they can affect, so the stored result
// always equals a full re-match (test/handlers/match-sync.test.ts checks this on random data).
// Reads the source relations only; writes the bot schema only.
import { createMatchRepository, type MatchState } from '../../adapters/db/match-repository.js';
import { createMatchSourceRepository, type SourceHedge, type SourceLock } from '../../adapters/db/match-source-repository.js';
import { withTransaction } from '../../adapters/db/pool.js';
import type { Services } from '../../bot/services.js';
import { matchLocksToHedges, type MatchingRules } from '../../domain/matching.js';
import { rematchStarts, rematchWindow } from '../../domain/matching-window.js';

export interface MatchSyncResult {
  mode: 'full' | 'incremental' | 'unchanged';
  newLocks: number;
  newHedges: number;
  /** Locks that had no hedge (or were new) and have one now: the alert cycle's "new matched orders". */
  newlyMatchedLockIds: string[];
  /** Every lock row inserted or changed by this run (new, matched, re-matched to another hedge, unmatched). */
  changedLockIds: string[];
  durationMs: number;
}

/** New rows are looked for this far behind the newest time seen; older arrivals are found by a count check. */
export const ARRIVAL_SLACK_MS = 24 * 3600_000;

type SyncServices = Pick<Services, 'db' | 'sourceDb' | 'settings' | 'clock'>;

export async function matchingRules(services: Pick<Services, 'settings'>): Promise<MatchingRules> {
  const settings = await services.settings.snapshot();
  return { tolerance: settings.number('matching.tolerance'), maxLagMs: settings.number('matching.max_lag') };
}

export async function syncMatches(services: SyncServices, options: { full?: boolean } = {}): Promise<MatchSyncResult> {
  // Optimistic: another instance writing between our read and our write makes us start over.
  for (let attempt = 0; ; attempt += 1) {
    const result = await attemptSync(services, options);
    if (result !== 'conflict') return result;
    if (attempt >= 5) throw new Error('match sync kept conflicting with another instance');
  }
}

async function attemptSync(services: SyncServices, options: { full?: boolean }): Promise<MatchSyncResult | 'conflict'> {
  const started = performance.now();
  const source = createMatchSourceRepository(services.sourceDb);
  const store = createMatchRepository(services.db);
  await source.checkTables();
  const rules = await matchingRules(services);
  const state = await store.state();
  const counts = await source.counts();
  const full = options.full || !state || state.tolerance !== rules.tolerance || state.maxLagMs !== rules.maxLagMs || counts.locks < state.lockCount || counts.hedges < state.hedgeCount;

  let newLocks: SourceLock[];
  let newHedges: SourceHedge[];
  let locks: SourceLock[];
  let hedges: SourceHedge[];
  let starts: Map<string, number> | null = null;
  if (full) {
    locks = await source.locks(null, null);
    hedges = await source.hedges(null, null);
    newLocks = locks;
    newHedges = hedges;
  } else {
    if (counts.locks === state.lockCount && counts.hedges === state.hedgeCount) {
      return { mode: 'unchanged', newLocks: 0, newHedges: 0, newlyMatchedLockIds: [], changedLockIds: [], durationMs: performance.now() - started };
    }
    newLocks = await source.locksByIds(await unseen(state.lockCount, counts.locks, state.lockWatermarkMs, source.lockIdsSince, store.knownLockIds));
    newHedges = await source.hedgesByIds(await unseen(state.hedgeCount, counts.hedges, state.hedgeWatermarkMs, source.hedgeIdsSince, store.knownHedgeIds));
    starts = rematchStarts(newLocks, newHedges, rules.maxLagMs);
    const keys = keyFilter(starts);
    let from = Number.POSITIVE_INFINITY;
    for (const start of starts.values()) if (start < from) from = start; // no spread: there may be very many keys
    ({ locks, hedges } = starts.size === 0 ? { locks: [], hedges: [] } : rematchWindow(await source.locks(from, keys), await source.hedges(from - 60_000, keys), starts));
  }

  // Hedges held by locks before the window keep their lock.
  const held = new Set<string>();
  if (starts) {
    const inWindow = new Set(locks.map((l) => l.id));
    for (const holder of await store.holdersOf(hedges.map((h) => h.id))) {
      if (!inWindow.has(holder.lockId) && holder.hedgeId) held.add(holder.hedgeId);
    }
  }
  const free = held.size > 0 ? hedges.filter((h) => !held.has(h.id)) : hedges;
  const { hedgeOfLock } = matchLocksToHedges(locks, free, rules);

  const before = await store.assignments(full ? null : locks.map((l) => l.id));
  const changed: { lock: SourceLock; hedge: SourceHedge | null }[] = [];
  const newlyMatched: string[] = [];
  const releasing: string[] = [];
  const claimed = new Set<string>();
  locks.forEach((lock, i) => {
    const hedge = hedgeOfLock[i] >= 0 ? free[hedgeOfLock[i]] : null;
    if (hedge) claimed.add(hedge.id);
    const previous = before.get(lock.id);
    if (previous === undefined || previous !== (hedge?.id ?? null)) {
      changed.push({ lock, hedge });
      if (previous) releasing.push(lock.id);
    }
    if (hedge && (previous === undefined || previous === null)) newlyMatched.push(lock.id);
  });
  const unclaimed = free.filter((h) => !claimed.has(h.id));
  const next: MatchState = {
    lockWatermarkMs: maxOf(state && !full ? state.lockWatermarkMs : null, newLocks.map((l) => l.lockedAt)),
    hedgeWatermarkMs: maxOf(state && !full ? state.hedgeWatermarkMs : null, newHedges.map((h) => h.createdAt)),
    lockCount: full ? locks.length : (state?.lockCount ?? 0) + newLocks.length,
    hedgeCount: full ? hedges.length : (state?.hedgeCount ?? 0) + newHedges.length,
    ...rules,
  };
  const at = services.clock.now();
  const committed = await withTransaction(services.db, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('otc_bot.matches'))");
    const tx = createMatchRepository(client);
    if (!sameState(await tx.state(), state)) return false;
    if (full) {
      // Locks that vanished from the source leave the result too.
      await client.query('DELETE FROM otc_bot.matches m WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS k(id) WHERE k.id = m.lock_id)', [locks.map((l) => l.id)]);
      await client.query('DELETE FROM otc_bot.unmatched_hedges u WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS k(id) WHERE k.id = u.hedge_id)', [unclaimed.map((h) => h.id)]);
    }
    await tx.writeLocks(changed, releasing, at);
    await tx.writeHedges([...claimed], unclaimed, at);
    await tx.saveState(next, at);
    return true;
  });
  if (!committed) return 'conflict';
  return {
    mode: full ? 'full' : 'incremental',
    newLocks: newLocks.length,
    newHedges: newHedges.length,
    newlyMatchedLockIds: newlyMatched,
    changedLockIds: changed.map((c) => c.lock.id),
    durationMs: performance.now() - started,
  };
}

/** Ids in the source and not yet here: looked for behind the watermark, or everywhere when counts disagree. */
async function unseen(
  knownCount: number,
  sourceCount: number,
  watermarkMs: number | null,
  sourceIds: (since: number | null) => Promise<string[]>,
  knownIds: (since: number | null) => Promise<string[]>,
): Promise<string[]> {
  if (knownCount === sourceCount) return [];
  const since = watermarkMs === null ? null : watermarkMs - ARRIVAL_SLACK_MS;
  let found = difference(await sourceIds(since), await knownIds(since));
  if (knownCount + found.length !== sourceCount) found = difference(await sourceIds(null), await knownIds(null));
  return found;
}

function difference(ids: string[], known: string[]): string[] {
  const seen = new Set(known);
  return ids.filter((id) => !seen.has(id));
}

function keyFilter(starts: Map<string, number>) {
  const keys = [...starts.keys()].map((key) => key.split('\u0001'));
  return { clients: keys.map((k) => k[0]), sides: keys.map((k) => k[1]), bases: keys.map((k) => k[2]), quotes: keys.map((k) => k[3]) };
}

function maxOf(current: number | null, values: number[]): number | null {
  let max = current;
  for (const value of values) if (max === null || value > max) max = value;
  return max;
}

function sameState(a: MatchState | null, b: MatchState | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
