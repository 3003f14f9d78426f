// Named shocks for stress=: a price fall spread evenly over a stated time from the start of the
// horizon, on top of the model's own randomness. Historical ones are close-to-close BTC moves.
export interface StressScenario {
  name: string;
  /** Price change over the shock, e.g. −0.5 for −50 %. */
  change: number;
  durationMs: number;
  /** Message key of a one-line description. */
  descriptionKey: string;
}

const HOUR = 3_600_000;

export const STRESS_SCENARIOS: readonly StressScenario[] = [
  { name: 'crash50', change: -0.5, durationMs: 24 * HOUR, descriptionKey: 'liq.stress.crash50' },
  { name: 'crash30', change: -0.3, durationMs: 24 * HOUR, descriptionKey: 'liq.stress.crash30' },
  { name: 'flash20', change: -0.2, durationMs: HOUR, descriptionKey: 'liq.stress.flash20' },
  { name: 'covid2020', change: -0.5, durationMs: 36 * HOUR, descriptionKey: 'liq.stress.covid2020' },
  { name: 'luna2022', change: -0.33, durationMs: 7 * 24 * HOUR, descriptionKey: 'liq.stress.luna2022' },
  { name: 'ftx2022', change: -0.25, durationMs: 72 * HOUR, descriptionKey: 'liq.stress.ftx2022' },
];

export function stressScenario(name: string): StressScenario | undefined {
  return STRESS_SCENARIOS.find((scenario) => scenario.name === name.toLowerCase());
}

/** Extra log drift per step and the number of steps it applies to (the shock is cut at the horizon). */
export function stressDrift(scenario: StressScenario | undefined, stepMs: number, steps: number): { drift: number; steps: number } {
  if (!scenario) return { drift: 0, steps: 0 };
  const shockSteps = Math.max(1, Math.round(scenario.durationMs / stepMs));
  return { drift: Math.log(1 + scenario.change) / shockSteps, steps: Math.min(shockSteps, steps) };
}
