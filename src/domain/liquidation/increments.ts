// One path's log-price increments per step for each model, written into reused typed arrays (no
// allocation per step or per path). Diffusion and jumps are kept apart so the scan can apply the
// Brownian bridge to the continuous part only and let jumps gap through the lines.
import type { RandomSource } from '../random.js';
import type { SimulationSpec } from './types.js';

export interface IncrementBuffers {
  diffusion: Float64Array;
  /** Jump per step (mostly 0), or null for models without jumps. */
  jumps: Float64Array | null;
}

export function createIncrementBuffers(spec: SimulationSpec): IncrementBuffers {
  return { diffusion: new Float64Array(spec.steps), jumps: spec.model.kind === 'jump' ? new Float64Array(spec.steps) : null };
}

/** Zero price drift: E[e^{X}] = 1 over each step, so the model takes no view on direction. */
export function compensatedDrift(spec: SimulationSpec): number {
  const m = spec.model;
  if (m.kind === 'gbm') return -0.5 * m.sigma * m.sigma * spec.stepYears;
  if (m.kind === 'jump') return (-0.5 * m.sigma * m.sigma - m.lambda * (Math.exp(m.jumpMean + 0.5 * m.jumpStd * m.jumpStd) - 1)) * spec.stepYears;
  return 0; // bootstrap returns are centred when estimated
}

export function fillIncrements(spec: SimulationSpec, rng: RandomSource, buffers: IncrementBuffers): void {
  const { model, steps } = spec;
  const out = buffers.diffusion;
  if (model.kind === 'bootstrap') {
    // Circular blocks (Politis & Romano 1992): every historical return is equally likely, so the
    // simulated steps keep the history's moments without the edge bias of plain moving blocks.
    const { returns, blockLength } = model;
    const size = returns.length;
    for (let k = 0; k < steps; ) {
      let from = rng.nextIndex(size);
      const end = Math.min(steps, k + blockLength);
      while (k < end) {
        out[k++] = returns[from++];
        if (from === size) from = 0;
      }
    }
  } else {
    rng.fillNormals(out, 0, steps, model.sigma * Math.sqrt(spec.stepYears), compensatedDrift(spec));
  }
  if (model.kind === 'jump' && buffers.jumps) {
    // Poisson jump count over the whole path, then uniform jump times: exact, and cheap when jumps are rare.
    const jumps = buffers.jumps;
    jumps.fill(0);
    const count = poisson(rng, model.lambda * spec.stepYears * steps);
    for (let i = 0; i < count; i++) jumps[rng.nextIndex(steps)] += model.jumpMean + model.jumpStd * rng.nextNormal();
  }
  const stressSteps = Math.min(spec.stressSteps, steps);
  for (let k = 0; k < stressSteps; k++) out[k] += spec.stressDrift;
}

/** Log-price move between the liquidation trigger and the sale, drawn from the same model. */
export function delayMove(spec: SimulationSpec, rng: RandomSource): number {
  const { model, delayYears } = spec;
  if (delayYears <= 0) return 0;
  if (model.kind === 'bootstrap') {
    // A run of consecutive historical steps covering the delay, scaled to its exact length: keeps fat tails.
    const size = model.returns.length;
    const runLength = Math.max(1, Math.min(size, Math.round(delayYears / spec.stepYears)));
    const from = rng.nextIndex(size);
    let sum = 0;
    for (let i = 0; i < runLength; i++) sum += model.returns[(from + i) % size];
    return sum * Math.sqrt(delayYears / (runLength * spec.stepYears));
  }
  const perYear = compensatedDrift(spec) / spec.stepYears;
  let move = perYear * delayYears + model.sigma * Math.sqrt(delayYears) * rng.nextNormal();
  if (model.kind === 'jump') {
    const count = poisson(rng, model.lambda * delayYears);
    for (let i = 0; i < count; i++) move += model.jumpMean + model.jumpStd * rng.nextNormal();
  }
  return move;
}

/** Poisson by inversion (means here are small); a normal approximation beyond 50. */
export function poisson(rng: RandomSource, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.nextNormal()));
  let k = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  const u = rng.nextFloat();
  while (u > cumulative && k < 1000) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}
