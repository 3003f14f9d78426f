// One pool task: a contiguous range of path blocks of one simulation.
import { simulateBlockRange } from '../../domain/liquidation/simulate.js';
import type { BlockRangeResult, SimulationSpec } from '../../domain/liquidation/types.js';

export interface SimulationTask {
  spec: SimulationSpec;
  fromBlock: number;
  toBlock: number;
}

export function runSimulationTask(task: SimulationTask): BlockRangeResult {
  return simulateBlockRange(task.spec, task.fromBlock, task.toBlock);
}
