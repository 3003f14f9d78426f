// How the venues have answered this process's market calls (/coin, /liq candles and book). Venues
// are only called on demand, so this is what was seen, not a probe: a success ends a failure streak;
// a failure (timeout, network error, HTTP 5xx) starts or extends one. Answers that say nothing about
// the venue's health (a symbol it does not list, an unknown coin, a 4xx) are not recorded at all.
// Pure; the record lives on `services.runtime.exchangeHealth`.

export interface VenueHealth {
  lastSuccessAt: Date | null;
  /** The first failure after the last success; null while the last recorded call succeeded. */
  failingSince: Date | null;
  /** Failed calls since `failingSince`. */
  failures: number;
  lastFailureAt: Date | null;
  /** The last failure's reason, as safe to show in chat (no URLs). */
  lastReason: string | null;
}

export type ExchangeHealth = Map<string, VenueHealth>;

/** What the market adapters report after each call: `failure` null for a success. */
export type VenueOutcomeSink = (venue: string, failure: string | null) => void;

export function recordVenueOutcome(health: ExchangeHealth, venue: string, at: Date, failure: string | null): VenueHealth {
  const before = health.get(venue) ?? { lastSuccessAt: null, failingSince: null, failures: 0, lastFailureAt: null, lastReason: null };
  const next: VenueHealth =
    failure === null
      ? { ...before, lastSuccessAt: at, failingSince: null, failures: 0 }
      : { ...before, failingSince: before.failingSince ?? at, failures: before.failures + 1, lastFailureAt: at, lastReason: failure };
  health.set(venue, next);
  return next;
}

/** A sink that records into `health` at the time `now()` gives (the bot's clock, so tests can move it). */
export function venueHealthRecorder(health: ExchangeHealth, now: () => Date): VenueOutcomeSink {
  return (venue, failure) => void recordVenueOutcome(health, venue, now(), failure);
}

export interface FailingRule {
  /** The failures seen must span at least this long (first to last, no success in between). */
  spanMs: number;
  minFailures: number;
}

/**
 * Failing: every recorded call since `failingSince` failed, at least `minFailures` of them, the last
 * at least `spanMs` after the first. Measured to the last failure, not to now: with calls made only
 * on demand, the time after the last call says nothing about the venue.
 */
export function isVenueFailing(venue: VenueHealth, rule: FailingRule): boolean {
  if (!venue.failingSince || !venue.lastFailureAt) return false;
  return venue.failures >= rule.minFailures && venue.lastFailureAt.getTime() - venue.failingSince.getTime() >= rule.spanMs;
}
