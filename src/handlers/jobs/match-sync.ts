// Keeps otc_bot.matches current: picks up source rows that arrived since the last run (late hedges
// for older locks too) and re-matches only the keys and times they can affect, so the stored result
// equals a full re-match (test/handlers/match-sync.test.ts checks this on random data) for every row
// that arrives within the lateness margin below; later rows are found by the reconciliation.
// Reads the source relations only; writes the bot schema only.
import { createMatchRepository, type MatchState, type StoredRow } from '../../adapters/db/match-repository.js';
import { createMatchSourceRepository, type SourceHedge, type SourceLock } from '../../adapters/db/match-source-repository.js';
import { withTransaction } from '../../adapters/db/pool.js';
import type { Services } from '../../bot/services.js';
import { EARLY_HEDGE_MS, matchLocksToHedges, type MatchingRules } from '../../domain/matching.js';
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

/**
 * Lateness assumption (domain.md: rows arrive late and out of order). A source row is expected to be
 * written at most LATENESS_MS after the newest row of its table that an earlier run already saw
 * (time = locked_at for locks, created_at for hedges). Each run compares, hour by hour from
 * `watermark - LATENESS_MS` on, how many rows the source has with how many the bot has seen (index
 * range scans on both sides, never a whole table) and reads ids only in the hours that differ, so
 * such a row is matched by the very next run, however out of order it is.
 * A row written later than that is found by the reconciliation: when RECONCILE_EVERY_MS have passed
 * (by the clock) since the last one, the run counts both whole source tables against what it has seen
 * and, on a surplus, diffs all ids. Such a row is therefore matched within RECONCILE_EVERY_MS, not lost.
 * Deletions and edited times: a row that vanished from (or moved to another hour of) the margin makes
 * the run a full re-match; outside the margin a smaller whole-table count at the reconciliation does.
 * Not detected: an in-place edit of a row already seen that keeps its id and hour (amount, price, key),
 * and a deletion plus an insertion that cancel out in the same hour (or in the reconciliation's counts);
 * a change of matching.tolerance / matching.max_lag or `syncMatches(services, { full: true })` re-reads
 * everything.
 */
export const LATENESS_MS = 7 * 24 * 3600_000;
/** How often the whole source tables are counted (see LATENESS_MS); the alert cycle runs every few minutes. */
export const RECONCILE_EVERY_MS = 3600_000;
const HOUR_MS = 3600_000;

type SyncServices = Pick<Services, 'db' | 'sourceDb' | 'settings' | 'clock'>;

export async function matchingRules(services: Pick<Services, 'settings'>): Promise<MatchingRules> {
  const settings = await services.settings.snapshot();
  return { tolerance: settings.number('matching.tolerance'), maxLagMs: settings.number('matching.max_lag') };
}

export interface SyncOptions {
  /** Re-read and re-match everything. */
  full?: boolean;
  /** Count the whole source tables now, whenever the last reconciliation was (see LATENESS_MS). */
  reconcile?: boolean;
}

export async function syncMatches(services: SyncServices, options: SyncOptions = {}): Promise<MatchSyncResult> {
  // Optimistic: another instance writing between our read and our write makes us start over.
  for (let attempt = 0; ; attempt += 1) {
    const result = await attemptSync(services, options);
    if (result !== 'conflict') return result;
    if (attempt >= 5) throw new Error('match sync kept conflicting with another instance');
  }
}

async function attemptSync(services: SyncServices, options: SyncOptions): Promise<MatchSyncResult | 'conflict'> {
  const started = performance.now();
  const source = createMatchSourceRepository(services.sourceDb);
  const store = createMatchRepository(services.db);
  await source.checkTables();
  const rules = await matchingRules(services);
  const state = await store.state();
  const nowMs = services.clock.now().getTime();
  const settingsChanged = !state || state.tolerance !== rules.tolerance || state.maxLagMs !== rules.maxLagMs;
  let detected: Detected | 'full' = 'full';
  let reconciled = true;
  if (!options.full && state && !settingsChanged) {
    reconciled = options.reconcile === true || state.reconciledAtMs === null || nowMs - state.reconciledAtMs >= RECONCILE_EVERY_MS || nowMs < state.reconciledAtMs;
    detected = await detect(state, source, store, reconciled);
  }
  const full = detected === 'full';

  let newLocks: SourceLock[];
  let newHedges: SourceHedge[];
  let locks: SourceLock[];
  let hedges: SourceHedge[];
  let starts: Map<string, number> | null = null;
  if (detected === 'full') {
    locks = await source.locks(null, null);
    hedges = await source.hedges(null, null);
    newLocks = locks;
    newHedges = hedges;
  } else {
    if (detected.locks.length === 0 && detected.hedges.length === 0) {
      // Nothing new: only a reconciliation that found everything in order leaves a trace.
      if (reconciled && state && !(await saveStateOnly(services, { ...state, reconciledAtMs: nowMs }, state))) return 'conflict';
      return { mode: 'unchanged', newLocks: 0, newHedges: 0, newlyMatchedLockIds: [], changedLockIds: [], durationMs: performance.now() - started };
    }
    newLocks = await source.locksByIds(detected.locks);
    newHedges = await source.hedgesByIds(detected.hedges);
    starts = rematchStarts(newLocks, newHedges, rules.maxLagMs);
    const keys = keyFilter(starts);
    let from = Number.POSITIVE_INFINITY;
    for (const start of starts.values()) if (start < from) from = start; // no spread: there may be very many keys
    ({ locks, hedges } = starts.size === 0 ? { locks: [], hedges: [] } : rematchWindow(await source.locks(from, keys), await source.hedges(from - 60_000, keys), starts));
  }

  // What is stored for the window's locks, and hedges held by locks before the window (they keep
  // their lock). A holder is a candidate of its hedge, so it was locked at most max_lag (+60 s) before
  // the window's start of its key: one index range scan per key (matches_key_locked_at) covers both,
  // instead of looking up thousands of scattered ids (each a page read on a big table).
  const held = new Set<string>();
  let before: Map<string, StoredRow>;
  if (starts) {
    const reach = EARLY_HEDGE_MS + rules.maxLagMs;
    before = starts.size === 0 ? new Map() : await store.storedFrom({ ...keyFilter(starts), sinceMs: [...starts.values()].map((start) => start - reach) });
    const inWindow = new Set(locks.map((l) => l.id));
    const windowHedges = new Set(hedges.map((h) => h.id));
    for (const [lockId, row] of before) if (row.hedgeId !== null && windowHedges.has(row.hedgeId) && !inWindow.has(lockId)) held.add(row.hedgeId);
  } else {
    before = await store.assignments(null);
  }
  const free = held.size > 0 ? hedges.filter((h) => !held.has(h.id)) : hedges;
  const { hedgeOfLock } = matchLocksToHedges(locks, free, rules);

  const changed: { lock: SourceLock; hedge: SourceHedge | null }[] = [];
  const newlyMatched: string[] = [];
  const releasing: string[] = [];
  const claimed = new Set<string>();
  locks.forEach((lock, i) => {
    const hedge = hedgeOfLock[i] >= 0 ? free[hedgeOfLock[i]] : null;
    if (hedge) claimed.add(hedge.id);
    const previous = before.get(lock.id);
    // Same pairing but a time edited in the source (see LATENESS_MS): the stored row is rewritten too.
    const stale = previous !== undefined && (previous.lockedAtUs !== lock.lockedAtUs || (hedge !== null && previous.hedgeCreatedAtUs !== hedge.createdAtUs));
    if (previous === undefined || previous.hedgeId !== (hedge?.id ?? null) || stale) {
      changed.push({ lock, hedge });
      if (previous?.hedgeId) releasing.push(lock.id);
    }
    if (hedge && (previous === undefined || previous.hedgeId === null)) newlyMatched.push(lock.id);
  });
  const unclaimed = free.filter((h) => !claimed.has(h.id));
  const next: MatchState = {
    lockWatermarkMs: maxOf(state && !full ? state.lockWatermarkMs : null, newLocks.map((l) => l.lockedAt)),
    hedgeWatermarkMs: maxOf(state && !full ? state.hedgeWatermarkMs : null, newHedges.map((h) => h.createdAt)),
    lockCount: full ? locks.length : (state?.lockCount ?? 0) + newLocks.length,
    hedgeCount: full ? hedges.length : (state?.hedgeCount ?? 0) + newHedges.length,
    ...rules,
    reconciledAtMs: reconciled ? nowMs : (state?.reconciledAtMs ?? null),
  };
  const at = services.clock.now();
  let committed: boolean;
  try {
    committed = await withTransaction(services.db, async (client) => {
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
  } catch (error) {
    // A hedge still held by a lock outside the window: the stored result contradicts the source
    // (an edit the detection cannot see, see LATENESS_MS). Re-matching everything repairs it.
    if (!full && (error as { code?: string }).code === '23505') return attemptSync(services, { ...options, full: true });
    throw error;
  }
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

interface Detected {
  locks: string[];
  hedges: string[];
}

type Source = ReturnType<typeof createMatchSourceRepository>;
type Store = ReturnType<typeof createMatchRepository>;

/** Ids of source rows not seen yet, or 'full' when rows seen before vanished or moved (see LATENESS_MS). */
async function detect(state: MatchState, source: Source, store: Store, reconcile: boolean): Promise<Detected | 'full'> {
  const [locks, hedges] = await Promise.all([
    unseenInMargin('locks', state.lockWatermarkMs, source, store),
    unseenInMargin('hedges', state.hedgeWatermarkMs, source, store),
  ]);
  if (locks === 'full' || hedges === 'full') return 'full';
  if (!reconcile) return { locks, hedges };
  // Whole-table counts against what has been seen (plus what the margin just found).
  const counts = await source.counts();
  const found = { locks, hedges };
  for (const table of ['locks', 'hedges'] as const) {
    const seen = (table === 'locks' ? state.lockCount : state.hedgeCount) + found[table].length;
    if (counts[table] === seen) continue;
    if (counts[table] < seen) return 'full'; // rows vanished outside the margin
    // Rows older than the margin arrived: find them among all ids (rare, and the only full scan of ids).
    const [all, known] = await Promise.all([source.allIds(table), store.allIds(table)]);
    const missing = difference(all, known);
    if (known.length + missing.length !== counts[table]) return 'full';
    found[table] = missing;
  }
  return found;
}

/** The rows of one table in the lateness margin that the bot has not seen: hourly counts first, ids only where they differ. */
async function unseenInMargin(table: 'locks' | 'hedges', watermarkMs: number | null, source: Source, store: Store): Promise<string[] | 'full'> {
  const since = watermarkMs === null ? null : Math.floor(watermarkMs - LATENESS_MS);
  const [have, known] = await Promise.all([source.hourCounts(table, since), store.hourCounts(table, since)]);
  const ranges: [number, number][] = [];
  // Both sides read the same ranges, a second wider than the hour (see HOUR_OF), never before `since`.
  const range = (hour: number): [number, number] => [since === null ? hour * HOUR_MS - 1000 : Math.max(since, hour * HOUR_MS - 1000), (hour + 1) * HOUR_MS + 1000];
  for (const [hour, n] of have) if (known.get(hour) !== n) ranges.push(range(hour));
  for (const hour of known.keys()) if (!have.has(hour)) ranges.push(range(hour));
  if (ranges.length === 0) return [];
  const [sourceRows, knownRows] = await Promise.all([source.idsIn(table, ranges), store.idsIn(table, ranges)]);
  // Seen here but gone from these hours, or here with another time: deleted or its time edited.
  for (const [id, us] of knownRows) if (sourceRows.get(id) !== us) return 'full';
  const candidates: string[] = [];
  for (const id of sourceRows.keys()) if (!knownRows.has(id)) candidates.push(id);
  if (candidates.length === 0) return [];
  // Seen before at another time: its time was edited.
  if ((await store.knownAmong(table, candidates)).length > 0) return 'full';
  return candidates;
}

/** A reconciliation that found nothing new still records when it ran. */
async function saveStateOnly(services: SyncServices, next: MatchState, expected: MatchState): Promise<boolean> {
  return withTransaction(services.db, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('otc_bot.matches'))");
    const tx = createMatchRepository(client);
    if (!sameState(await tx.state(), expected)) return false;
    await tx.saveState(next, services.clock.now());
    return true;
  });
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
