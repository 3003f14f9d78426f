// Runs simulations on worker threads (piscina) so both cores work. Paths are cut into fixed blocks
// of PATH_BLOCK whatever the thread count, each block with its own random stream, and the results
// are merged in block order: the same seed gives the same answer on 0, 1 or 8 threads.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { simulateBlockRange } from '../../domain/liquidation/simulate.js';
import { mergeRanges } from '../../domain/liquidation/summary.js';
import { type BlockRangeResult, PATH_BLOCK, type SimulationSpec } from '../../domain/liquidation/types.js';
import type { SimulationTask } from './worker.js';

export interface SimulationRunner {
  readonly threads: number;
  run(spec: SimulationSpec): Promise<BlockRangeResult>;
  close(): Promise<void>;
}

/** Tasks per thread: small enough ranges that a thread slowed by other work does not hold up the rest. */
const TASKS_PER_THREAD = 4;

/** `threads: 0` runs on the calling thread (tests, tiny runs). */
export function createSimulationRunner(options: { threads?: number } = {}): SimulationRunner {
  const threads = options.threads ?? Math.max(1, Math.min(2, availableParallelism()));
  const pool =
    threads > 0
      ? new Piscina<SimulationTask, BlockRangeResult>({
          filename: new URL('./worker-entry.mjs', import.meta.url).href,
          minThreads: threads,
          maxThreads: threads,
          idleTimeout: 60_000,
          // The entry registers tsx itself; inheriting the parent's flags (--import tsx, --test…) would load it twice.
          execArgv: [],
        })
      : null;
  return {
    threads,
    async run(spec) {
      const blocks = Math.ceil(spec.paths / PATH_BLOCK);
      if (!pool || blocks <= 1) return mergeRanges(spec, [simulateBlockRange(spec, 0, blocks)]);
      const tasks = Math.min(blocks, threads * TASKS_PER_THREAD);
      const ranges: Promise<BlockRangeResult>[] = [];
      for (let t = 0; t < tasks; t++) {
        const fromBlock = Math.floor((t * blocks) / tasks);
        const toBlock = Math.floor(((t + 1) * blocks) / tasks);
        ranges.push(pool.run({ spec, fromBlock, toBlock }));
      }
      return mergeRanges(spec, await Promise.all(ranges));
    },
    async close() {
      await pool?.destroy();
    },
  };
}

let shared: SimulationRunner | undefined;

/** The process-wide runner used by /liq, started on first use. */
export function sharedSimulationRunner(): SimulationRunner {
  shared ??= createSimulationRunner();
  return shared;
}

export async function closeSharedSimulationRunner(): Promise<void> {
  const runner = shared;
  shared = undefined;
  await runner?.close();
}
