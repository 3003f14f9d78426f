// Requests that make no sense are refused with the reason, before any work is done.
export interface LiquidationLimits {
  maxPaths: number;
  /** paths × steps: keeps one request within seconds on the desk's machine. */
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
}

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
  if (request.paths * request.steps > limits.maxPathSteps) {
    return { key: 'liq.error.tooMuchWork', params: { work: request.paths * request.steps, max: limits.maxPathSteps } };
  }
  if (request.delayMs >= request.horizonMs) return { key: 'liq.error.delayTooLong', params: {} };
  return null;
}
