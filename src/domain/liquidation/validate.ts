// Requests that make no sense are refused with the reason, before any work is done.
export interface LiquidationLimits {
  maxPaths: number;
  /** Work units (a step, or a third of a line crossing): keeps one request within seconds on the desk's machine. */
  maxPathSteps: number;
}

export interface RequestShape {
  ltv: number;
  call: number;
  liq: number;
  paths: number;
  steps: number;
  horizonMs: number;
  delayMs: number;
  /** Lines a path may cross: positions × (sweep lines + margin call). */
  barriers?: number;
}

/** A line crossing (loss, slippage, bookkeeping) costs about three simulated steps. */
const CROSSING_COST = 3;

export interface Problem {
  key: string;
  params: Record<string, string | number>;
}

const pct = (value: number) => `${(value * 100).toFixed(2)}%`;

export function requestProblem(request: RequestShape, limits: LiquidationLimits): Problem | null {
  const { ltv, call, liq } = request;
  if (liq <= ltv) return { key: 'liq.error.liqNotAboveLtv', params: { ltv: pct(ltv), liq: pct(liq) } };
  if (call <= ltv) return { key: 'liq.error.callNotAboveLtv', params: { ltv: pct(ltv), call: pct(call) } };
  if (liq <= call) return { key: 'liq.error.liqNotAboveCall', params: { call: pct(call), liq: pct(liq) } };
  if (request.paths > limits.maxPaths) return { key: 'liq.error.tooManyPaths', params: { paths: request.paths, max: limits.maxPaths } };
  const work = request.paths * (request.steps + CROSSING_COST * (request.barriers ?? 0));
  if (work > limits.maxPathSteps) return { key: 'liq.error.tooMuchWork', params: { work: work.toExponential(1), max: limits.maxPathSteps.toExponential(1) } };
  if (request.delayMs >= request.horizonMs) return { key: 'liq.error.delayTooLong', params: {} };
  return null;
}
